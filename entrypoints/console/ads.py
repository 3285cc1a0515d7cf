"""Ads: the organisation's ad accounts (connected with the advertiser's auth code, as
``POST /v1/ads/accounts``), an account's campaigns with their ad groups and ads, a new
campaign, and a Spark Ad from one of our published posts."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from aiohttp import web

from application.errors import NotFound, TikTokApiError
from application.ports.repositories import PostFilter
from domain.ads.model import BudgetMode, Objective, ObjectKind
from domain.post_state import PostStatus
from entrypoints.ads_views import account_view, object_view
from entrypoints.ads_wiring import Ads
from entrypoints.console.ads_forms import CAMPAIGN_FIELDS, PROMOTE_FIELDS, campaign_in, promote_in
from entrypoints.console.form_problems import FormProblems, checked, form, form_values
from entrypoints.console.pages import done, render
from entrypoints.console.session import organisation
from entrypoints.http.keys import CONTAINER
from entrypoints.http.v1 import ads_schemas as s
from entrypoints.http.v1.schemas import structure

ADS = "/console/ads"


def ads(request: web.Request) -> Ads:
    return request.app[CONTAINER].ads()  # type: ignore[no-any-return]


def account_page(account_id: str) -> str:
    return f"{ADS}/accounts/{account_id}"


def object_page(object_id: str) -> str:
    return f"{ADS}/objects/{object_id}"


def _account_id(request: web.Request) -> str:
    return request.match_info["account_id"]


async def text_form(request: web.Request) -> dict[str, str]:
    return form_values(await request.post())


# ---- the accounts ---------------------------------------------------------------------------


async def _accounts_page(
    request: web.Request, org: str, connect: dict[str, Any], status: int = 200
) -> web.Response:
    accounts = await ads(request).accounts(organisation_id=org)
    return await render(
        request,
        "ads.html",
        {"accounts": [account_view(a) for a in accounts], "connect": connect},
        status=status,
    )


async def accounts_page(request: web.Request) -> web.Response:
    """With ``?auth_code=`` (TikTok's advertiser authorisation sends the advertiser back
    to its redirect URL with it) the code is filled in; connecting is still a press."""
    org = await organisation(request)
    code = request.query.get("auth_code", "")[:500]
    return await _accounts_page(request, org, form("connect", {"auth_code": code}))


async def connect(request: web.Request) -> web.StreamResponse:
    """The advertiser's auth code (from TikTok's advertiser authorisation page) for the
    ad accounts it covers: the same use-case as ``POST /v1/ads/accounts``."""
    org = await organisation(request)
    values = await text_form(request)

    async def run() -> Any:
        data = structure({"auth_code": values.get("auth_code", "").strip()}, s.ConnectAdsIn)
        if not data.auth_code:
            raise FormProblems({"auth_code": ["paste the auth code TikTok gave you"]}, [])
        try:
            return await ads(request).connect(organisation_id=org, auth_code=data.auth_code)
        except TikTokApiError as refused:
            told = f"TikTok refused it: {refused.error.describe()}"
            raise FormProblems({"auth_code": [told]}, []) from None

    try:
        accounts = await checked(run, ["auth_code"])
    except FormProblems as problems:
        return await _accounts_page(
            request, org, form("connect", values, problems), problems.status
        )
    names = ", ".join(a.name for a in accounts)
    to = account_page(accounts[0].id) if len(accounts) == 1 else ADS
    raise await done(request, to, f"Connected {len(accounts)} ad account(s): {names}.")


async def revoke(request: web.Request) -> web.StreamResponse:
    org = await organisation(request)
    account = await ads(request).revoke(organisation_id=org, account_id=_account_id(request))
    raise await done(request, ADS, f"{account.name} is disconnected (its token revoked).")


# ---- one account: campaigns, ad groups, ads --------------------------------------------------


async def _tree(a: Ads, org: str, account_id: str) -> list[dict[str, Any]]:
    """Campaigns, each with its ad groups, each with its ads."""
    found = {
        kind: await a.objects(organisation_id=org, account_id=account_id, kind=kind)
        for kind in ObjectKind
    }
    under: dict[str | None, list[Any]] = defaultdict(list)
    for kind in (ObjectKind.AD_GROUP, ObjectKind.AD):
        for o in found[kind]:
            under[o.parent_id].append(o)
    return [
        {
            "campaign": object_view(c),
            "groups": [
                {"group": object_view(g), "ads": [object_view(x) for x in under[g.id]]}
                for g in under[c.id]
            ],
        }
        for c in found[ObjectKind.CAMPAIGN]
    ]


async def _published_posts(request: web.Request, org: str) -> list[tuple[str, str]]:
    posts = await request.app[CONTAINER].list_posts()(
        PostFilter(organisation_id=org, status=PostStatus.PUBLISHED, limit=100)
    )
    return [
        (
            p.id,
            f"{(p.content.caption or p.content.title or p.id)[:60]} (TikTok {p.tiktok_post_ids[0]})",
        )
        for p in posts
        if p.tiktok_post_ids
    ]


async def find_account(a: Ads, org: str, account_id: str) -> dict[str, Any]:
    for account in await a.accounts(organisation_id=org):
        if account.id == account_id:
            return account_view(account)
    raise NotFound("ad account", account_id)


async def _account_page(
    request: web.Request,
    org: str,
    forms: Mapping[str, dict[str, Any]] | None = None,
    status: int = 200,
) -> web.Response:
    a, account_id = ads(request), _account_id(request)
    account = await find_account(a, org, account_id)
    tree = await _tree(a, org, account_id)
    sending = any(
        o["state"] != "created"
        for c in tree
        for o in [c["campaign"], *(g["group"] for g in c["groups"]),
                  *(x for g in c["groups"] for x in g["ads"])]
    )  # fmt: skip
    return await render(
        request,
        "ad_account.html",
        {
            "account": account,
            "tree": tree,
            "sending": sending,
            "posts": await _published_posts(request, org),
            "objectives": [o.value for o in Objective],
            "budget_modes": [m.value for m in BudgetMode if m is not BudgetMode.DYNAMIC_DAILY],
            "campaign": form("campaign"),
            "promote": form("promote", {"daily_budget": "50", "days": "7",
                                        "location_ids": "6252001"}),
            **(forms or {}),
        },
        status=status,
    )  # fmt: skip


async def account_detail(request: web.Request) -> web.Response:
    org = await organisation(request)
    return await _account_page(request, org)


async def create_campaign(request: web.Request) -> web.StreamResponse:
    org = await organisation(request)
    values = await text_form(request)
    a = ads(request)

    async def run() -> Any:
        return await a.create_campaign(
            organisation_id=org,
            account_id=_account_id(request),
            spec=campaign_in(values).to_domain(),
        )

    try:
        made = await checked(run, CAMPAIGN_FIELDS)
    except FormProblems as problems:
        return await _account_page(
            request, org, {"campaign": form("campaign", values, problems)}, problems.status
        )
    raise await done(request, object_page(made.id), f"Campaign {made.spec.name} created.")


async def promote(request: web.Request) -> web.StreamResponse:
    """A Spark Ad from one of our published posts: campaign, ad group and ad in one go."""
    org = await organisation(request)
    values = await text_form(request)
    a = ads(request)

    async def run() -> Any:
        data = promote_in(values, _account_id(request))
        return await a.promote(
            organisation_id=org, post_id=data.post_id, account_id=data.account_id,
            daily_budget=s.money(data.daily_budget, "daily_budget") or Decimal(0), days=data.days,
            location_ids=data.location_ids, ad_text=data.ad_text,
        )  # fmt: skip

    try:
        promo = await checked(run, PROMOTE_FIELDS)
    except FormProblems as problems:
        return await _account_page(
            request, org, {"promote": form("promote", values, problems)}, problems.status
        )
    raise await done(
        request,
        object_page(promo.ad.id),
        f"Spark Ad created for TikTok post {promo.ad.spec.tiktok_item_id}; TikTok is reviewing it.",
    )


async def reconcile_reviews(request: web.Request) -> web.StreamResponse:
    org = await organisation(request)
    changed = await ads(request).reconcile_reviews(
        organisation_id=org, account_id=_account_id(request)
    )
    raise await done(
        request,
        account_page(_account_id(request)),
        f"Review results checked: {len(changed)} changed.",
    )


async def finish_pending(request: web.Request) -> web.StreamResponse:
    org = await organisation(request)
    finished = await ads(request).finish_pending(
        organisation_id=org, account_id=_account_id(request)
    )
    raise await done(
        request, account_page(_account_id(request)), f"Creates finished: {len(finished)}."
    )
