"""Views of ads records: the response classes of ``entrypoints/http/v1/ads_responses.py``
filled from them (the API sends these), and their JSON for the CLI's --json. Tokens
never appear."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from application.ports.ads import RemoteAudience
from application.use_cases.ads.list_audiences import AudienceView
from domain.ads.account import AdAccount
from domain.ads.custom_audience import CustomAudience
from domain.ads.model import (
    AdGroupSpec,
    AdObject,
    AdSpec,
    Budget,
    CampaignSpec,
    CreativeAsset,
)
from domain.ads.reports import ReportRow
from entrypoints.http.v1 import ads_responses as o
from entrypoints.views import plain


def _money(amount: Decimal | None) -> str | None:
    return str(amount) if amount is not None else None


def account_out(a: AdAccount) -> o.AdAccountOut:
    return o.AdAccountOut(a.id, a.advertiser_id, a.name, a.currency, a.timezone, a.status,
                          a.connected_at, a.revoked_at, a.revoke_reason)  # fmt: skip


def account_view(a: AdAccount) -> dict[str, Any]:
    view: dict[str, Any] = plain(account_out(a))
    return view


def _budget(b: Budget) -> o.BudgetOut:
    return o.BudgetOut(b.mode, _money(b.amount))


def spec_out(
    spec: CampaignSpec | AdGroupSpec | AdSpec,
) -> o.CampaignSpecOut | o.AdGroupSpecOut | o.AdSpecOut:
    if isinstance(spec, CampaignSpec):
        return o.CampaignSpecOut(spec.name, spec.objective, _budget(spec.budget))
    if isinstance(spec, AdGroupSpec):
        s = spec.schedule
        return o.AdGroupSpecOut(
            spec.name, _budget(spec.budget), o.ScheduleOut(s.type, s.start, s.end),
            spec.optimization_goal, spec.billing_event, spec.pacing, list(spec.location_ids),
            list(spec.audience_ids), _money(spec.bid_price),
        )  # fmt: skip
    return o.AdSpecOut(
        spec.name, spec.ad_format, spec.ad_text, spec.identity_type, spec.identity_id,
        spec.call_to_action, spec.landing_page_url, spec.display_name, spec.video_id,
        list(spec.image_ids), spec.tiktok_item_id, spec.identity_authorized_bc_id, spec.post_id,
    )  # fmt: skip


def object_out(obj: AdObject) -> o.AdObjectOut:
    state = "created" if obj.tiktok_id else ("sending" if obj.create_sent_at else "new")
    return o.AdObjectOut(
        id=obj.id, kind=obj.kind, account_id=obj.account_id, parent_id=obj.parent_id,
        tiktok_id=obj.tiktok_id, status=obj.status, state=state,  # type: ignore[arg-type]
        review=o.ReviewOut(obj.review.status, list(obj.review.reasons), obj.review.at),
        spec=spec_out(obj.spec), created_at=obj.created_at, updated_at=obj.updated_at,
    )  # fmt: skip


def object_view(obj: AdObject) -> dict[str, Any]:
    view: dict[str, Any] = plain(object_out(obj))
    return view


def creative_out(c: CreativeAsset) -> o.CreativeOut:
    return o.CreativeOut(c.id, c.kind, c.tiktok_id, c.signature, c.size_bytes, c.source,
                         c.processed)  # fmt: skip


def report_out(r: ReportRow) -> o.ReportRowOut:
    metrics = o.AdMetricsOut(**r.metrics.as_strings())
    return o.ReportRowOut(r.level, r.tiktok_id, r.day, metrics, r.synced_at)


def report_view(r: ReportRow) -> dict[str, Any]:
    view: dict[str, Any] = plain(report_out(r))
    return view


def audience_out(a: CustomAudience, remote: RemoteAudience | None = None) -> o.AudienceOut:
    return o.AudienceOut(
        a.id, a.name, a.kind, a.tiktok_id, a.identifiers, a.rejected, len(a.file_paths),
        list(a.signatures), a.lookalike_of, a.status,
        remote.matched if remote is not None else None,
        remote.is_valid if remote is not None else None,
    )  # fmt: skip


def audience_view(a: CustomAudience, remote: RemoteAudience | None = None) -> dict[str, Any]:
    view: dict[str, Any] = plain(audience_out(a, remote))
    return view


def audience_list_out(views: list[AudienceView]) -> o.AudienceList:
    return o.AudienceList([audience_out(v.audience, v.remote) for v in views])


def audience_list_view(views: list[AudienceView]) -> list[dict[str, Any]]:
    return [audience_view(v.audience, v.remote) for v in views]
