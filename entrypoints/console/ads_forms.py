"""The ads forms as the /v1 bodies they stand for: a form's text fields become the same
schema classes (entrypoints/http/v1/ads_schemas.py), so the console checks exactly what
the API checks. Times in the forms are UTC."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from entrypoints.http.v1 import ads_schemas as s
from entrypoints.http.v1.schemas import structure

CAMPAIGN_FIELDS = ("name", "objective", "budget_amount", "budget_mode")
AD_GROUP_FIELDS = ("name", "budget_amount", "budget_mode", "schedule_start", "schedule_end",
                   "optimization_goal", "billing_event", "pacing", "location_ids", "bid_price")  # fmt: skip
AD_FIELDS = ("name", "ad_format", "ad_text", "identity_type", "identity_id", "tiktok_item_id",
             "video_id", "call_to_action", "landing_page_url", "display_name")  # fmt: skip
PROMOTE_FIELDS = ("post_id", "daily_budget", "days", "ad_text", "location_ids")
SPLIT = re.compile(r"[\s,]+")


def _text(form: Mapping[str, str], name: str) -> str | None:
    """A field's text, or None when it was left empty."""
    value = form.get(name, "").strip()
    return value or None


def _utc(raw: str | None) -> str | None:
    """``2026-11-29T18:05`` (a datetime-local input, no zone) as UTC."""
    if raw and re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d)?", raw):
        return raw + "+00:00"
    return raw


def _ids(raw: str | None) -> list[str]:
    return [p for p in SPLIT.split(raw or "") if p]


def _budget(form: Mapping[str, str]) -> dict[str, Any]:
    return {"mode": form.get("budget_mode", ""), "amount": _text(form, "budget_amount")}


def _present(data: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in data.items() if v is not None}


def campaign_in(form: Mapping[str, str]) -> s.CampaignIn:
    return structure(
        {"name": form.get("name", ""), "objective": form.get("objective", ""),
         "budget": _budget(form)},
        s.CampaignIn,
    )  # fmt: skip


def ad_group_in(form: Mapping[str, str]) -> s.AdGroupIn:
    data = {
        "name": form.get("name", ""),
        "budget": _budget(form),
        "schedule_start": _utc(form.get("schedule_start", "").strip()),
        "schedule_end": _utc(_text(form, "schedule_end")),
        "optimization_goal": form.get("optimization_goal", ""),
        "billing_event": form.get("billing_event", ""),
        "pacing": _text(form, "pacing"),
        "location_ids": _ids(form.get("location_ids")),
        "bid_price": _text(form, "bid_price"),
    }
    return structure(_present(data), s.AdGroupIn)


def ad_in(form: Mapping[str, str]) -> s.AdIn:
    data: dict[str, Any] = {name: _text(form, name) for name in AD_FIELDS}
    data["name"] = form.get("name", "")
    data["ad_text"] = form.get("ad_text", "")
    data["identity_id"] = form.get("identity_id", "")
    return structure(_present(data), s.AdIn)


def promote_in(form: Mapping[str, str], account_id: str) -> s.PromoteIn:
    raw_days = form.get("days", "").strip()
    data: dict[str, Any] = {
        "post_id": form.get("post_id", ""),
        "account_id": account_id,
        "daily_budget": _text(form, "daily_budget"),
        "days": int(raw_days) if raw_days.isdigit() else raw_days or None,
        "ad_text": _text(form, "ad_text"),
        "location_ids": _ids(form.get("location_ids")) or None,
    }
    return structure(_present(data), s.PromoteIn)
