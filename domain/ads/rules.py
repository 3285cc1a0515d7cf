"""The rules TikTok enforces on campaigns, ad groups and ads that we can check first.

Every rule is here, in one place, as a pure function returning RuleViolations. The
minimums are TikTok's published ones for USD accounts (campaign 50/day, ad group 20/day);
the objective -> optimisation goal -> billing event table is the classic (non-Smart+)
one. Both are choices recorded in the ads-model ADR.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal

from domain.ads.model import (
    CALLS_TO_ACTION,
    SPARK_IDENTITIES,
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
    ScheduleType,
)
from domain.errors import RuleViolation, raise_if_any

CAMPAIGN_MIN_DAILY = Decimal(50)
CAMPAIGN_MIN_TOTAL = Decimal(50)
AD_GROUP_MIN_DAILY = Decimal(20)
NAME_MAX = 512
AUDIENCE_NAME_MAX = 128
AD_TEXT_MAX = 100
SCHEDULE_PAST_GRACE = timedelta(minutes=5)

GOALS: dict[Objective, dict[OptimizationGoal, frozenset[BillingEvent]]] = {
    Objective.REACH: {OptimizationGoal.REACH: frozenset({BillingEvent.CPM})},
    Objective.TRAFFIC: {OptimizationGoal.CLICK: frozenset({BillingEvent.CPC})},
    Objective.VIDEO_VIEWS: {
        OptimizationGoal.VIDEO_VIEW: frozenset({BillingEvent.CPV}),
        OptimizationGoal.ENGAGED_VIEW: frozenset({BillingEvent.OCPM}),
    },
    Objective.LEAD_GENERATION: {OptimizationGoal.LEAD_GENERATION: frozenset({BillingEvent.OCPM})},
    Objective.APP_PROMOTION: {OptimizationGoal.INSTALL: frozenset({BillingEvent.OCPM})},
    Objective.ENGAGEMENT: {
        OptimizationGoal.FOLLOWERS: frozenset({BillingEvent.OCPM}),
        OptimizationGoal.PROFILE_VIEWS: frozenset({BillingEvent.OCPM}),
    },
    Objective.PRODUCT_SALES: {
        OptimizationGoal.CONVERT: frozenset({BillingEvent.OCPM}),
        OptimizationGoal.VALUE: frozenset({BillingEvent.OCPM}),
    },
}


def _v(
    code: str, field: str, message: str, value: object = None, limit: object = None
) -> RuleViolation:
    return RuleViolation(code, field, message, value, limit)


def _name(field: str, name: str, limit: int = NAME_MAX) -> list[RuleViolation]:
    if not name.strip():
        return [_v("name_required", field, "a name is required")]
    if len(name) > limit:
        return [_v("name_too_long", field, "the name is too long", len(name), limit)]
    return []


def _budget(
    budget: Budget, *, min_daily: Decimal, min_total: Decimal, level: str
) -> list[RuleViolation]:
    field = f"{level}.budget"
    if budget.mode is BudgetMode.INFINITE:
        if budget.amount is not None:
            return [_v("budget_with_infinite_mode", field, "no budget with BUDGET_MODE_INFINITE")]
        return []
    if budget.amount is None:
        return [_v("budget_required", field, f"a budget is required with {budget.mode.value}")]
    if budget.amount <= 0 or budget.amount != budget.amount.quantize(Decimal("0.01")):
        return [
            _v("budget_invalid", field, "a positive amount with at most 2 decimals", budget.amount)
        ]
    floor = min_total if budget.mode is BudgetMode.TOTAL else min_daily
    if budget.amount < floor:
        return [
            _v(
                "budget_below_minimum",
                field,
                f"below TikTok's minimum of {floor}",
                budget.amount,
                floor,
            )
        ]
    return []


def campaign_violations(spec: CampaignSpec) -> list[RuleViolation]:
    found = _name("campaign.name", spec.name)
    found += _budget(
        spec.budget, min_daily=CAMPAIGN_MIN_DAILY, min_total=CAMPAIGN_MIN_TOTAL, level="campaign"
    )
    return found


def ad_group_violations(
    spec: AdGroupSpec, *, objective: Objective, campaign_budget: Budget, now: datetime
) -> list[RuleViolation]:
    found = _name("adgroup.name", spec.name)
    if spec.budget.mode not in (BudgetMode.DAY, BudgetMode.TOTAL):
        if (
            campaign_budget.mode is BudgetMode.INFINITE
            or spec.budget.mode is not BudgetMode.INFINITE
        ):
            found.append(
                _v(
                    "adgroup_budget_mode",
                    "adgroup.budget.mode",
                    "an ad group budget is daily or total (infinite only under a campaign budget)",
                    spec.budget.mode.value,
                )
            )
    elif (
        campaign_budget.amount is not None
        and spec.budget.amount is not None
        and (
            spec.budget.mode is campaign_budget.mode and spec.budget.amount > campaign_budget.amount
        )
    ):
        found.append(
            _v(
                "adgroup_budget_over_campaign",
                "adgroup.budget",
                "above the campaign's budget",
                spec.budget.amount,
                campaign_budget.amount,
            )
        )
    if spec.budget.mode is not BudgetMode.INFINITE:
        days = _schedule_days(spec)
        found += _budget(
            spec.budget,
            min_daily=AD_GROUP_MIN_DAILY,
            min_total=AD_GROUP_MIN_DAILY * days,
            level="adgroup",
        )
    found += _schedule(spec, now=now)
    goals = GOALS[objective]
    if spec.optimization_goal not in goals:
        found.append(
            _v(
                "goal_not_for_objective",
                "adgroup.optimization_goal",
                f"not allowed for objective {objective.value}",
                spec.optimization_goal.value,
                sorted(g.value for g in goals),
            )
        )
    elif spec.billing_event not in goals[spec.optimization_goal]:
        allowed = goals[spec.optimization_goal]
        found.append(
            _v(
                "billing_not_for_goal",
                "adgroup.billing_event",
                f"not allowed with {spec.optimization_goal.value}",
                spec.billing_event.value,
                sorted(b.value for b in allowed),
            )
        )
    if not spec.location_ids:
        found.append(_v("locations_required", "adgroup.location_ids", "at least one location"))
    if spec.bid_price is not None and spec.bid_price <= 0:
        found.append(_v("bid_invalid", "adgroup.bid_price", "a positive bid", spec.bid_price))
    return found


def _schedule_days(spec: AdGroupSpec) -> int:
    s = spec.schedule
    if s.type is ScheduleType.START_END and s.end is not None and s.end > s.start:
        return max(1, -(-int((s.end - s.start).total_seconds()) // 86400))
    return 1


def _schedule(spec: AdGroupSpec, *, now: datetime) -> list[RuleViolation]:
    s = spec.schedule
    found: list[RuleViolation] = []
    if s.start < now - SCHEDULE_PAST_GRACE:
        found.append(
            _v(
                "schedule_in_past",
                "adgroup.schedule.start",
                "starts in the past",
                s.start.isoformat(),
            )
        )
    if s.type is ScheduleType.START_END:
        if s.end is None:
            found.append(
                _v("schedule_end_required", "adgroup.schedule.end", "an end time is required")
            )
        elif s.end <= s.start:
            found.append(
                _v(
                    "schedule_end_before_start",
                    "adgroup.schedule.end",
                    "ends before it starts",
                    s.end.isoformat(),
                )
            )
    elif s.end is not None:
        found.append(
            _v(
                "schedule_end_with_from_now",
                "adgroup.schedule.end",
                "no end time with SCHEDULE_FROM_NOW",
            )
        )
    if spec.budget.mode is BudgetMode.TOTAL and s.type is not ScheduleType.START_END:
        found.append(
            _v(
                "total_budget_needs_end",
                "adgroup.schedule.type",
                "a total budget needs SCHEDULE_START_END",
                s.type.value,
            )
        )
    return found


def ad_violations(spec: AdSpec, *, objective: Objective) -> list[RuleViolation]:
    found = _name("ad.name", spec.name)
    if not spec.ad_text.strip() or len(spec.ad_text) > AD_TEXT_MAX:
        found.append(
            _v(
                "ad_text_length",
                "ad.ad_text",
                "1 to 100 characters",
                len(spec.ad_text),
                AD_TEXT_MAX,
            )
        )
    if not spec.identity_id:
        found.append(_v("identity_required", "ad.identity_id", "an identity is required"))
    if spec.identity_type in SPARK_IDENTITIES:
        if spec.ad_format is not AdFormat.SINGLE_VIDEO:
            found.append(
                _v(
                    "spark_needs_video",
                    "ad.ad_format",
                    "Spark Ads promote a TikTok video post",
                    spec.ad_format.value,
                )
            )
        if not spec.tiktok_item_id and not spec.video_id:
            found.append(
                _v(
                    "spark_needs_post",
                    "ad.tiktok_item_id",
                    f"{spec.identity_type.value} needs the TikTok post id",
                )
            )
        if spec.identity_type is IdentityType.BC_AUTH_TT and not spec.identity_authorized_bc_id:
            found.append(
                _v(
                    "bc_required",
                    "ad.identity_authorized_bc_id",
                    "BC_AUTH_TT needs the Business Center id",
                )
            )
    else:
        if spec.tiktok_item_id:
            found.append(
                _v(
                    "post_needs_spark_identity",
                    "ad.tiktok_item_id",
                    "promoting a TikTok post needs TT_USER, AUTH_CODE or BC_AUTH_TT",
                    spec.identity_type.value,
                )
            )
        if not spec.display_name:
            found.append(
                _v(
                    "display_name_required",
                    "ad.display_name",
                    "CUSTOMIZED_USER ads need a display name",
                )
            )
        if spec.ad_format is AdFormat.SINGLE_VIDEO and not spec.video_id:
            found.append(_v("video_required", "ad.video_id", "a video ad needs a video"))
    if spec.ad_format is AdFormat.SINGLE_IMAGE and not spec.image_ids:
        found.append(_v("image_required", "ad.image_ids", "an image ad needs an image"))
    if spec.call_to_action is not None:
        if spec.call_to_action not in CALLS_TO_ACTION:
            found.append(
                _v(
                    "cta_unknown",
                    "ad.call_to_action",
                    "not a TikTok call to action",
                    spec.call_to_action,
                )
            )
        elif spec.call_to_action == "VIEW_PROFILE" and objective is not Objective.ENGAGEMENT:
            found.append(
                _v(
                    "cta_needs_engagement",
                    "ad.call_to_action",
                    "VIEW_PROFILE is for the ENGAGEMENT objective",
                    objective.value,
                )
            )
    needs_url = objective in (Objective.TRAFFIC, Objective.PRODUCT_SALES)
    if needs_url and not spec.landing_page_url:
        found.append(
            _v(
                "landing_page_required",
                "ad.landing_page_url",
                f"{objective.value} ads need a landing page",
            )
        )
    if spec.landing_page_url and not spec.landing_page_url.startswith(("https://", "http://")):
        found.append(
            _v(
                "landing_page_invalid",
                "ad.landing_page_url",
                "an http(s) URL",
                spec.landing_page_url,
            )
        )
    return found


def check_campaign(spec: CampaignSpec) -> None:
    raise_if_any(campaign_violations(spec))


def check_ad_group(
    spec: AdGroupSpec, *, objective: Objective, campaign_budget: Budget, now: datetime
) -> None:
    raise_if_any(
        ad_group_violations(spec, objective=objective, campaign_budget=campaign_budget, now=now)
    )


def check_ad(spec: AdSpec, *, objective: Objective) -> None:
    raise_if_any(ad_violations(spec, objective=objective))
