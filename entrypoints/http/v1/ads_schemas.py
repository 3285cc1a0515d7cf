"""Request bodies of /v1/ads: strict attrs classes (money as decimal strings, exact)."""

from __future__ import annotations

import enum
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

import attrs

from domain.ads.model import (
    AdFormat,
    AdGroupSpec,
    AdSpec,
    BillingEvent,
    Budget,
    BudgetMode,
    CampaignSpec,
    IdentityType,
    Objective,
    OptimizationGoal,
    Pacing,
    Schedule,
    ScheduleType,
)
from domain.errors import RulesViolated, RuleViolation
from entrypoints.http.v1.schemas import converter


def money(value: str | None, field: str) -> Decimal | None:
    if value is None:
        return None
    try:
        amount = Decimal(value)
    except InvalidOperation:
        amount = Decimal("NaN")
    if not amount.is_finite():
        example = 'a decimal string such as "50.00"'
        raise RulesViolated([RuleViolation("decimal", field, example, value)])
    return amount


@attrs.frozen
class ConnectAdsIn:
    auth_code: str


@attrs.frozen
class BudgetIn:
    mode: BudgetMode
    amount: str | None = None

    def to_domain(self, field: str) -> Budget:
        return Budget(self.mode, money(self.amount, field))


@attrs.frozen
class CampaignIn:
    name: str
    objective: Objective
    budget: BudgetIn = BudgetIn(BudgetMode.INFINITE)

    def to_domain(self) -> CampaignSpec:
        return CampaignSpec(self.name, self.objective, self.budget.to_domain("budget.amount"))


@attrs.frozen
class AdGroupIn:
    name: str
    budget: BudgetIn
    schedule_start: datetime
    optimization_goal: OptimizationGoal
    billing_event: BillingEvent
    location_ids: list[str]
    schedule_end: datetime | None = None
    pacing: Pacing = Pacing.SMOOTH
    audience_ids: list[str] = attrs.Factory(list)
    bid_price: str | None = None

    def to_domain(self) -> AdGroupSpec:
        kind = ScheduleType.START_END if self.schedule_end else ScheduleType.FROM_NOW
        return AdGroupSpec(
            name=self.name,
            budget=self.budget.to_domain("budget.amount"),
            schedule=Schedule(kind, self.schedule_start, self.schedule_end),
            optimization_goal=self.optimization_goal,
            billing_event=self.billing_event,
            pacing=self.pacing,
            location_ids=tuple(self.location_ids),
            audience_ids=tuple(self.audience_ids),
            bid_price=money(self.bid_price, "bid_price"),
        )


@attrs.frozen
class AdIn:
    name: str
    ad_format: AdFormat
    ad_text: str
    identity_type: IdentityType
    identity_id: str
    call_to_action: str | None = None
    landing_page_url: str | None = None
    display_name: str | None = None
    video_id: str | None = None
    image_ids: list[str] = attrs.Factory(list)
    tiktok_item_id: str | None = None
    identity_authorized_bc_id: str | None = None

    def to_domain(self) -> AdSpec:
        return AdSpec(
            self.name, self.ad_format, self.ad_text, self.identity_type, self.identity_id,
            self.call_to_action, self.landing_page_url, self.display_name, self.video_id,
            tuple(self.image_ids), self.tiktok_item_id, self.identity_authorized_bc_id,
        )  # fmt: skip


@attrs.frozen
class PromoteIn:
    post_id: str
    account_id: str | None = None
    ad_group_id: str | None = None
    daily_budget: str = "50"
    days: int = 7
    location_ids: list[str] = attrs.Factory(lambda: ["6252001"])
    ad_text: str | None = None
    identity_type: IdentityType = IdentityType.TT_USER
    identity_id: str | None = None


@attrs.frozen
class VideoIn:
    key: str | None = None
    url: str | None = None
    wait: bool = True


@attrs.frozen
class ImageIn:
    key: str


@attrs.frozen
class ReportSyncIn:
    day: str  # YYYY-MM-DD

    def to_date(self) -> date:
        return date.fromisoformat(self.day)


@attrs.frozen
class LookalikeIn:
    name: str
    location_ids: list[str]


def _member(value: Any, kind: type[enum.Enum]) -> enum.Enum:
    try:
        return kind(value)
    except ValueError:
        allowed = ", ".join(str(m.value) for m in kind)
        raise ValueError(f"{value!r} is not one of {allowed}") from None


# The ads enums join the /v1 converter (before str's strict hook would take them whole).
for _enum in (
    AdFormat,
    BillingEvent,
    BudgetMode,
    IdentityType,
    Objective,
    OptimizationGoal,
    Pacing,
):
    converter.register_structure_hook(_enum, _member)
