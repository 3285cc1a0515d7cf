from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest

from domain.ads.model import (
    AdFormat,
    AdGroupSpec,
    AdObject,
    AdSpec,
    BillingEvent,
    Budget,
    BudgetMode,
    CampaignSpec,
    IdentityType,
    Objective,
    OperationStatus,
    OptimizationGoal,
    ReviewStatus,
    Schedule,
    ScheduleType,
)
from domain.ads.rules import ad_group_violations, ad_violations, campaign_violations
from domain.errors import InvalidTransition
from tests.builders import T0

INFINITE = Budget(BudgetMode.INFINITE)


def group(**kw: object) -> AdGroupSpec:
    base: dict[str, object] = {
        "name": "g",
        "budget": Budget(BudgetMode.DAY, Decimal(20)),
        "schedule": Schedule(ScheduleType.FROM_NOW, T0),
        "optimization_goal": OptimizationGoal.VIDEO_VIEW,
        "billing_event": BillingEvent.CPV,
        "location_ids": ("6252001",),
    }
    return AdGroupSpec(**(base | kw))  # type: ignore[arg-type]


def ad(**kw: object) -> AdSpec:
    base: dict[str, object] = {
        "name": "a",
        "ad_format": AdFormat.SINGLE_VIDEO,
        "ad_text": "Watch this",
        "identity_type": IdentityType.TT_USER,
        "identity_id": "open-1",
        "tiktok_item_id": "7300000000000000001",
    }
    return AdSpec(**(base | kw))  # type: ignore[arg-type]


def codes(found: list) -> set[str]:  # type: ignore[type-arg]
    return {v.code for v in found}


class TestCampaignRules:
    def test_a_daily_budget_below_fifty_is_refused_with_the_minimum(self) -> None:
        [v] = campaign_violations(
            CampaignSpec("c", Objective.REACH, Budget(BudgetMode.DAY, Decimal("49.99")))
        )
        assert (v.code, v.limit) == ("budget_below_minimum", Decimal(50))

    def test_infinite_budget_takes_no_amount_and_other_modes_need_one(self) -> None:
        assert codes(
            campaign_violations(
                CampaignSpec("c", Objective.REACH, Budget(BudgetMode.INFINITE, Decimal(60)))
            )
        ) == {"budget_with_infinite_mode"}
        assert codes(
            campaign_violations(CampaignSpec("c", Objective.REACH, Budget(BudgetMode.TOTAL)))
        ) == {"budget_required"}
        assert campaign_violations(CampaignSpec("c", Objective.REACH, INFINITE)) == []

    def test_amounts_have_at_most_two_decimals_and_names_are_required(self) -> None:
        found = campaign_violations(
            CampaignSpec(" ", Objective.REACH, Budget(BudgetMode.DAY, Decimal("60.001")))
        )
        assert codes(found) == {"name_required", "budget_invalid"}


class TestAdGroupRules:
    def test_a_good_group_passes(self) -> None:
        assert (
            ad_group_violations(
                group(), objective=Objective.VIDEO_VIEWS, campaign_budget=INFINITE, now=T0
            )
            == []
        )

    def test_the_goal_must_fit_the_objective_and_the_billing_the_goal(self) -> None:
        found = ad_group_violations(
            group(optimization_goal=OptimizationGoal.CLICK),
            objective=Objective.VIDEO_VIEWS,
            campaign_budget=INFINITE,
            now=T0,
        )
        assert codes(found) == {"goal_not_for_objective"}
        found = ad_group_violations(
            group(billing_event=BillingEvent.CPC),
            objective=Objective.VIDEO_VIEWS,
            campaign_budget=INFINITE,
            now=T0,
        )
        assert codes(found) == {"billing_not_for_goal"}

    def test_schedules_start_now_or_later_and_end_after_the_start(self) -> None:
        past = Schedule(ScheduleType.START_END, T0 - timedelta(days=1), T0 - timedelta(days=2))
        found = ad_group_violations(
            group(schedule=past), objective=Objective.VIDEO_VIEWS, campaign_budget=INFINITE, now=T0
        )
        assert codes(found) == {"schedule_in_past", "schedule_end_before_start"}

    def test_a_total_budget_needs_an_end_and_scales_its_minimum_with_the_days(self) -> None:
        found = ad_group_violations(
            group(budget=Budget(BudgetMode.TOTAL, Decimal(100))),
            objective=Objective.VIDEO_VIEWS,
            campaign_budget=INFINITE,
            now=T0,
        )
        assert "total_budget_needs_end" in codes(found)
        ten_days = Schedule(ScheduleType.START_END, T0, T0 + timedelta(days=10))
        [v] = ad_group_violations(
            group(budget=Budget(BudgetMode.TOTAL, Decimal(100)), schedule=ten_days),
            objective=Objective.VIDEO_VIEWS,
            campaign_budget=INFINITE,
            now=T0,
        )
        assert (v.code, v.limit) == ("budget_below_minimum", Decimal(200))

    def test_a_group_budget_cannot_exceed_its_campaigns(self) -> None:
        found = ad_group_violations(
            group(budget=Budget(BudgetMode.DAY, Decimal(80))),
            objective=Objective.VIDEO_VIEWS,
            campaign_budget=Budget(BudgetMode.DAY, Decimal(60)),
            now=T0,
        )
        assert codes(found) == {"adgroup_budget_over_campaign"}

    def test_locations_are_required(self) -> None:
        found = ad_group_violations(
            group(location_ids=()),
            objective=Objective.VIDEO_VIEWS,
            campaign_budget=INFINITE,
            now=T0,
        )
        assert codes(found) == {"locations_required"}


class TestAdRules:
    def test_a_spark_ad_needs_the_post_and_a_video_format(self) -> None:
        assert ad_violations(ad(), objective=Objective.VIDEO_VIEWS) == []
        found = ad_violations(
            ad(tiktok_item_id=None, ad_format=AdFormat.SINGLE_IMAGE, image_ids=("i",)),
            objective=Objective.VIDEO_VIEWS,
        )
        assert codes(found) == {"spark_needs_video", "spark_needs_post"}

    def test_a_custom_identity_cannot_promote_a_post_and_needs_a_display_name_and_video(
        self,
    ) -> None:
        found = ad_violations(
            ad(identity_type=IdentityType.CUSTOMIZED_USER), objective=Objective.VIDEO_VIEWS
        )
        assert codes(found) == {
            "post_needs_spark_identity",
            "display_name_required",
            "video_required",
        }

    def test_view_profile_is_for_engagement_and_traffic_needs_a_landing_page(self) -> None:
        assert codes(
            ad_violations(ad(call_to_action="VIEW_PROFILE"), objective=Objective.TRAFFIC)
        ) == {"cta_needs_engagement", "landing_page_required"}
        assert codes(
            ad_violations(ad(call_to_action="BUY_IT"), objective=Objective.ENGAGEMENT)
        ) == {"cta_unknown"}

    def test_ad_text_is_one_to_a_hundred_characters(self) -> None:
        assert codes(ad_violations(ad(ad_text="x" * 101), objective=Objective.REACH)) == {
            "ad_text_length"
        }


class TestAdObjectStates:
    def obj(self) -> AdObject:
        return AdObject("o1", "org", "acc", "adv", ad(), T0)

    def test_created_ads_go_to_review_and_an_edit_sends_them_back(self) -> None:
        created = self.obj().created(tiktok_id="19", now=T0)
        assert created.review.status is ReviewStatus.IN_REVIEW
        approved = created.reviewed(approved=True, reasons=(), now=T0)
        assert approved.with_spec(ad(ad_text="New"), now=T0).review.status is ReviewStatus.IN_REVIEW

    def test_status_changes_need_a_tiktok_id_and_deleted_stays_deleted(self) -> None:
        with pytest.raises(InvalidTransition):
            self.obj().with_status(OperationStatus.DISABLE, now=T0)
        deleted = (
            self.obj().created(tiktok_id="19", now=T0).with_status(OperationStatus.DELETE, now=T0)
        )
        with pytest.raises(InvalidTransition, match="DELETE"):
            deleted.with_status(OperationStatus.ENABLE, now=T0)

    def test_a_second_tiktok_id_for_the_same_object_is_refused(self) -> None:
        with pytest.raises(InvalidTransition):
            self.obj().created(tiktok_id="19", now=T0).created(tiktok_id="20", now=T0)
