"""/v1/ads: ad accounts, campaigns / ad groups / ads, creatives, Spark Ads, reports,
audiences; and the Subscription API receiver for review events."""

from __future__ import annotations

import json
import time
from collections.abc import AsyncIterator
from datetime import date
from decimal import Decimal
from typing import Any

from aiohttp import web

from domain.ads.audience import IdentifierKind
from domain.ads.model import AdGroupSpec, CampaignSpec, ObjectKind, OperationStatus
from entrypoints.ads_views import (
    account_out,
    audience_list_out,
    audience_out,
    creative_out,
    object_out,
    report_out,
)
from entrypoints.ads_wiring import Ads
from entrypoints.http.keys import CONTAINER
from entrypoints.http.problems import problem
from entrypoints.http.tiktok_webhook import verify
from entrypoints.http.v1 import ads_responses as o
from entrypoints.http.v1 import ads_schemas as s
from entrypoints.http.v1.common import answer, body, org
from entrypoints.http.v1.schemas import structure

BLOCK = 1 << 20
STATUS_ACTIONS = {"launch": OperationStatus.ENABLE, "pause": OperationStatus.DISABLE,
                  "delete": OperationStatus.DELETE}  # fmt: skip
CSV_TYPES = ("text/csv", "text/plain", "application/octet-stream")


def ads(request: web.Request) -> Ads:
    return request.app[CONTAINER].ads()  # type: ignore[no-any-return]


def _id(request: web.Request, name: str) -> str:
    return request.match_info[name]


def _kind(raw: str | None, default: ObjectKind | None = None) -> ObjectKind:
    try:
        return ObjectKind(raw) if raw else _required(default, "kind")
    except ValueError:
        raise web.HTTPBadRequest(reason="kind must be campaign, adgroup or ad") from None


def _required(value: Any, name: str) -> Any:
    if value is None:
        raise web.HTTPBadRequest(reason=f"{name} is required")
    return value


def _day(raw: str | None, name: str) -> date:
    try:
        return date.fromisoformat(_required(raw, name))
    except ValueError:
        raise web.HTTPBadRequest(reason=f"{name} must be a date, YYYY-MM-DD") from None


# ---- accounts ---------------------------------------------------------------------------


async def connect_accounts(request: web.Request) -> web.Response:
    data = await body(request, s.ConnectAdsIn)
    accounts = await ads(request).connect(organisation_id=org(request), auth_code=data.auth_code)
    return answer(o.AdAccountList([account_out(a) for a in accounts]), 201)


async def list_accounts(request: web.Request) -> web.Response:
    accounts = await ads(request).accounts(organisation_id=org(request))
    return answer(o.AdAccountList([account_out(a) for a in accounts]))


async def revoke_account(request: web.Request) -> web.Response:
    account = await ads(request).revoke(
        organisation_id=org(request), account_id=_id(request, "account_id")
    )
    return answer(account_out(account))


# ---- campaigns, ad groups, ads ------------------------------------------------------------


async def create_campaign(request: web.Request) -> web.Response:
    data = await body(request, s.CampaignIn)
    made = await ads(request).create_campaign(
        organisation_id=org(request), account_id=_id(request, "account_id"), spec=data.to_domain()
    )
    return answer(object_out(made), 201)


async def create_ad_group(request: web.Request) -> web.Response:
    data = await body(request, s.AdGroupIn)
    made = await ads(request).create_ad_group(
        organisation_id=org(request), campaign_id=_id(request, "object_id"), spec=data.to_domain()
    )
    return answer(object_out(made), 201)


async def create_ad(request: web.Request) -> web.Response:
    data = await body(request, s.AdIn)
    made = await ads(request).create_ad(
        organisation_id=org(request), ad_group_id=_id(request, "object_id"), spec=data.to_domain()
    )
    return answer(object_out(made), 201)


async def list_objects(request: web.Request) -> web.Response:
    found = await ads(request).objects(
        organisation_id=org(request),
        account_id=_id(request, "account_id"),
        kind=_kind(request.query.get("kind"), ObjectKind.CAMPAIGN),
        parent_id=request.query.get("parent_id"),
    )
    return answer(o.AdObjectList([object_out(x) for x in found]))


async def show_object(request: web.Request) -> web.Response:
    found = await ads(request).objects.one(
        organisation_id=org(request), object_id=_id(request, "object_id")
    )
    return answer(object_out(found))


async def update_object(request: web.Request) -> web.Response:
    a, object_id = ads(request), _id(request, "object_id")
    current = await a.objects.one(organisation_id=org(request), object_id=object_id)
    raw = await request.json() if request.can_read_body else {}
    schema: type[Any]
    if isinstance(current.spec, CampaignSpec):
        schema = s.CampaignIn
    elif isinstance(current.spec, AdGroupSpec):
        schema = s.AdGroupIn
    else:
        schema = s.AdIn
    spec = structure(raw, schema).to_domain()
    changed = await a.update(organisation_id=org(request), object_id=object_id, spec=spec)
    return answer(object_out(changed))


async def change_status(request: web.Request) -> web.Response:
    action = request.match_info["action"]
    if action not in STATUS_ACTIONS:
        raise web.HTTPNotFound(reason=f"no action {action!r}: launch, pause or delete")
    changed = await ads(request).set_status(
        organisation_id=org(request),
        object_id=_id(request, "object_id"),
        status=STATUS_ACTIONS[action],
    )
    return answer(object_out(changed))


async def finish_pending(request: web.Request) -> web.Response:
    done = await ads(request).finish_pending(
        organisation_id=org(request), account_id=_id(request, "account_id")
    )
    return answer(o.AdObjectList([object_out(x) for x in done]))


async def reconcile_reviews(request: web.Request) -> web.Response:
    changed = await ads(request).reconcile_reviews(
        organisation_id=org(request), account_id=_id(request, "account_id")
    )
    return answer(o.AdObjectList([object_out(x) for x in changed]))


# ---- creatives and Spark Ads ----------------------------------------------------------------


async def upload_video(request: web.Request) -> web.Response:
    data = await body(request, s.VideoIn)
    asset = await ads(request).upload_video(
        organisation_id=org(request), account_id=_id(request, "account_id"),
        key=data.key, url=data.url, wait=data.wait,
    )  # fmt: skip
    return answer(creative_out(asset), 201)


async def upload_image(request: web.Request) -> web.Response:
    data = await body(request, s.ImageIn)
    asset = await ads(request).upload_image(
        organisation_id=org(request), account_id=_id(request, "account_id"), key=data.key
    )
    return answer(creative_out(asset), 201)


async def promote_post(request: web.Request) -> web.Response:
    data = await body(request, s.PromoteIn)
    budget = s.money(data.daily_budget, "daily_budget") or Decimal(0)
    promo = await ads(request).promote(
        organisation_id=org(request), post_id=data.post_id, account_id=data.account_id,
        ad_group_id=data.ad_group_id, daily_budget=budget, days=data.days,
        location_ids=data.location_ids, ad_text=data.ad_text, identity_type=data.identity_type,
        identity_id=data.identity_id,
    )  # fmt: skip
    return answer(
        o.PromotedOut(
            object_out(promo.campaign) if promo.campaign else None,
            object_out(promo.ad_group) if promo.ad_group else None,
            object_out(promo.ad),
        ),
        201,
    )


# ---- reports --------------------------------------------------------------------------------


async def sync_report(request: web.Request) -> web.Response:
    data = await body(request, s.ReportSyncIn)
    try:
        day = data.to_date()
    except ValueError:
        raise web.HTTPBadRequest(reason="day must be a date, YYYY-MM-DD") from None
    rows = await ads(request).sync_reports(
        organisation_id=org(request), account_id=_id(request, "account_id"), day=day
    )
    return answer(o.ReportRowList([report_out(r) for r in rows]))


async def read_report(request: web.Request) -> web.Response:
    rows = await ads(request).report(
        organisation_id=org(request),
        account_id=_id(request, "account_id"),
        level=_kind(request.query.get("level"), ObjectKind.CAMPAIGN),
        start=_day(request.query.get("start"), "start"),
        end=_day(request.query.get("end"), "end"),
        tiktok_id=request.query.get("tiktok_id"),
    )
    return answer(o.ReportRowList([report_out(r) for r in rows]))


# ---- audiences ------------------------------------------------------------------------------


def _identifier_kind(request: web.Request) -> IdentifierKind:
    try:
        return IdentifierKind(request.query.get("kind", "email"))
    except ValueError:
        raise web.HTTPBadRequest(reason="kind must be email, phone or maid") from None


async def _blocks(request: web.Request) -> AsyncIterator[bytes]:
    async for block in request.content.iter_chunked(BLOCK):
        yield block


async def upload_audience(request: web.Request) -> web.Response:
    """The CSV is the raw body, read in blocks and hashed as it arrives (never stored)."""
    name = _required(request.query.get("name"), "name")
    audience = await ads(request).upload_audience(
        organisation_id=org(request), account_id=_id(request, "account_id"),
        kind=_identifier_kind(request), blocks=_blocks(request), name=name,
    )  # fmt: skip
    return answer(audience_out(audience), 201)


async def append_audience(request: web.Request) -> web.Response:
    audience = await ads(request).upload_audience(
        organisation_id=org(request), kind=_identifier_kind(request), blocks=_blocks(request),
        audience_id=_id(request, "audience_id"),
    )  # fmt: skip
    return answer(audience_out(audience))


async def list_audiences(request: web.Request) -> web.Response:
    views = await ads(request).audiences(
        organisation_id=org(request), account_id=_id(request, "account_id")
    )
    return answer(audience_list_out(list(views)))


async def delete_audience(request: web.Request) -> web.Response:
    gone = await ads(request).delete_audience(
        organisation_id=org(request), audience_id=_id(request, "audience_id")
    )
    return answer(audience_out(gone))


async def create_lookalike(request: web.Request) -> web.Response:
    data = await body(request, s.LookalikeIn)
    made = await ads(request).lookalike(
        organisation_id=org(request), source_id=_id(request, "audience_id"), name=data.name,
        location_ids=data.location_ids,
    )  # fmt: skip
    return answer(audience_out(made), 201)


# ---- the Subscription API receiver (not under /v1: TikTok calls it) -------------------------


async def receive_review_event(request: web.Request) -> web.Response:
    """Verify where TikTok signs (the scheme is unconfirmed: docs/sandbox.md), apply once."""
    a = ads(request)
    raw = await request.read()
    header = request.headers.get("X-TT-Signature")
    secret = a.settings.webhook_secret
    if header is not None and secret:
        refused = verify(secret, header, raw, time.time())
        if refused is not None:
            return problem(401, "invalid_signature", refused)
    try:
        payload = json.loads(raw)
        if not isinstance(payload, dict):
            raise ValueError
    except ValueError:
        return problem(400, "invalid_event", "the body is not a Subscription API delivery")
    outcome = await a.handle_review(payload=payload)
    return web.json_response(
        {"received": outcome.received, "duplicates": outcome.duplicates, "applied": outcome.applied}
    )


def routes(route: Any, query: Any) -> tuple[Any, ...]:
    """The /v1/ads rows of the route table (``route``/``query`` are routes.Route/Query)."""
    A, OB, U = "{account_id}", "{object_id}", "{audience_id}"
    T = "ads"
    kind = query("kind", description="campaign, adgroup or ad", enum=("campaign", "adgroup", "ad"))
    return (
        route("POST", "/v1/ads/accounts", connect_accounts, "Connect ad accounts with an advertiser auth code", T, 201, s.ConnectAdsIn, response=o.AdAccountList),
        route("GET", "/v1/ads/accounts", list_accounts, "List the organisation's ad accounts", T, response=o.AdAccountList),
        route("POST", f"/v1/ads/accounts/{A}/revoke", revoke_account, "Disconnect an ad account (revokes its token)", T, response=o.AdAccountOut),
        route("POST", f"/v1/ads/accounts/{A}/campaigns", create_campaign, "Create a campaign (exactly once: request_id)", T, 201, s.CampaignIn, response=o.AdObjectOut),
        route("GET", f"/v1/ads/accounts/{A}/objects", list_objects, "List campaigns, ad groups or ads", T,
              query=(kind, query("parent_id", description="our id of the parent")), response=o.AdObjectList),
        route("POST", f"/v1/ads/accounts/{A}/finish-pending", finish_pending, "Finish creates whose answer was lost", T, response=o.AdObjectList),
        route("POST", f"/v1/ads/accounts/{A}/reviews/reconcile", reconcile_reviews, "Poll TikTok for review results", T, response=o.AdObjectList),
        route("POST", f"/v1/ads/accounts/{A}/videos", upload_video, "Upload an ad video from the media store or a URL", T, 201, s.VideoIn, response=o.CreativeOut),
        route("POST", f"/v1/ads/accounts/{A}/images", upload_image, "Upload an ad image from the media store", T, 201, s.ImageIn, response=o.CreativeOut),
        route("POST", f"/v1/ads/accounts/{A}/reports/sync", sync_report, "Sync one day's report (campaigns, ad groups, ads)", T, body=s.ReportSyncIn, response=o.ReportRowList),
        route("GET", f"/v1/ads/accounts/{A}/reports", read_report, "Our stored report time series", T,
              query=(query("level", enum=("campaign", "adgroup", "ad")), query("start", required=True, description="YYYY-MM-DD"),
                     query("end", required=True, description="YYYY-MM-DD"), query("tiktok_id")), response=o.ReportRowList),
        route("POST", f"/v1/ads/accounts/{A}/audiences", upload_audience, "Create an audience from a CSV (hashed here, streamed)", T, 201,
              query=(query("name", required=True), query("kind", enum=("email", "phone", "maid"))), raw_body=CSV_TYPES, response=o.AudienceOut),
        route("GET", f"/v1/ads/accounts/{A}/audiences", list_audiences, "List audiences with matched sizes", T, response=o.AudienceList),
        route("POST", f"/v1/ads/audiences/{U}/append", append_audience, "Append a CSV to an audience", T,
              query=(query("kind", enum=("email", "phone", "maid")),), raw_body=CSV_TYPES, response=o.AudienceOut),
        route("POST", f"/v1/ads/audiences/{U}/lookalike", create_lookalike, "Create a lookalike audience", T, 201, s.LookalikeIn, response=o.AudienceOut),
        route("DELETE", f"/v1/ads/audiences/{U}", delete_audience, "Delete an audience", T, response=o.AudienceOut),
        route("POST", f"/v1/ads/campaigns/{OB}/adgroups", create_ad_group, "Create an ad group (exactly once: request_id)", T, 201, s.AdGroupIn, response=o.AdObjectOut),
        route("POST", f"/v1/ads/adgroups/{OB}/ads", create_ad, "Create an ad (reconciled by listing after a lost answer)", T, 201, s.AdIn, response=o.AdObjectOut),
        route("GET", f"/v1/ads/objects/{OB}", show_object, "Show a campaign, ad group or ad", T, response=o.AdObjectOut),
        route("PATCH", f"/v1/ads/objects/{OB}", update_object, "Change a campaign, ad group or ad", T, response=o.AdObjectOut),
        route("POST", f"/v1/ads/objects/{OB}/{{action}}", change_status, "Launch, pause or delete (status calls)", T, response=o.AdObjectOut),
        route("POST", "/v1/ads/promote", promote_post, "Spark Ad from a post this service published, in one call", T, 201, s.PromoteIn, response=o.PromotedOut),
    )  # fmt: skip
