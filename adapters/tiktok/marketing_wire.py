"""The Marketing API's request bodies and answers, to and from the ads model."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from application.ports.ads import RemoteObject
from domain.ads.model import AdGroupSpec, AdSpec, Budget, BudgetMode, CampaignSpec, ObjectKind

TIME = "%Y-%m-%d %H:%M:%S"  # TikTok's schedule times, UTC


def _budget(budget: Budget) -> dict[str, Any]:
    body: dict[str, Any] = {"budget_mode": budget.mode.value}
    if budget.mode is not BudgetMode.INFINITE and budget.amount is not None:
        body["budget"] = float(budget.amount)
    return body


def _time(moment: datetime) -> str:
    return moment.strftime(TIME)


def campaign_body(advertiser_id: str, spec: CampaignSpec) -> dict[str, Any]:
    return {
        "advertiser_id": advertiser_id,
        "campaign_name": spec.name,
        "objective_type": spec.objective.value,
        **_budget(spec.budget),
    }


def ad_group_body(advertiser_id: str, spec: AdGroupSpec) -> dict[str, Any]:
    body: dict[str, Any] = {
        "advertiser_id": advertiser_id,
        "adgroup_name": spec.name,
        **_budget(spec.budget),
        "schedule_type": spec.schedule.type.value,
        "schedule_start_time": _time(spec.schedule.start),
        "optimization_goal": spec.optimization_goal.value,
        "billing_event": spec.billing_event.value,
        "pacing": spec.pacing.value,
        "placement_type": "PLACEMENT_TYPE_NORMAL",
        "placements": ["PLACEMENT_TIKTOK"],
        "location_ids": list(spec.location_ids),
    }
    if spec.schedule.end is not None:
        body["schedule_end_time"] = _time(spec.schedule.end)
    if spec.audience_ids:
        body["audience_ids"] = list(spec.audience_ids)
    if spec.bid_price is not None:
        body["bid_type"] = "BID_TYPE_CUSTOM"
        body["bid_price"] = float(spec.bid_price)
    return body


def ad_body(spec: AdSpec) -> dict[str, Any]:
    body: dict[str, Any] = {
        "ad_name": spec.name,
        "ad_format": spec.ad_format.value,
        "ad_text": spec.ad_text,
        "identity_type": spec.identity_type.value,
        "identity_id": spec.identity_id,
    }
    optional = {
        "call_to_action": spec.call_to_action,
        "landing_page_url": spec.landing_page_url,
        "display_name": spec.display_name,
        "video_id": spec.video_id,
        "tiktok_item_id": spec.tiktok_item_id,
        "identity_authorized_bc_id": spec.identity_authorized_bc_id,
    }
    body |= {k: v for k, v in optional.items() if v is not None}
    if spec.image_ids:
        body["image_ids"] = list(spec.image_ids)
    return body


ID_FIELD = {
    ObjectKind.CAMPAIGN: "campaign_id",
    ObjectKind.AD_GROUP: "adgroup_id",
    ObjectKind.AD: "ad_id",
}
NAME_FIELD = {
    ObjectKind.CAMPAIGN: "campaign_name",
    ObjectKind.AD_GROUP: "adgroup_name",
    ObjectKind.AD: "ad_name",
}
PARENT_FIELD = {ObjectKind.AD_GROUP: "campaign_id", ObjectKind.AD: "adgroup_id"}


def remote_object(kind: ObjectKind, row: dict[str, Any]) -> RemoteObject:
    parent = PARENT_FIELD.get(kind)
    reasons = row.get("reject_reasons") or ()
    return RemoteObject(
        kind=kind,
        tiktok_id=str(row[ID_FIELD[kind]]),
        name=str(row.get(NAME_FIELD[kind], "")),
        operation_status=str(row.get("operation_status", "")),
        parent_tiktok_id=str(row[parent]) if parent and row.get(parent) else None,
        secondary_status=row.get("secondary_status"),
        reject_reasons=tuple(str(r) for r in reasons),
    )
