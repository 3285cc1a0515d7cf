"""Ad accounts, campaigns, ad groups and ads against the Marketing emulator, including the
exactly-once create under lost answers and crashes."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest

from application.ads_access import AccountRevoked
from application.errors import Conflict, TikTokApiError
from domain.ads.account import AccountStatus
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
    ObjectKind,
    OperationStatus,
    OptimizationGoal,
    ReviewStatus,
    Schedule,
    ScheduleType,
)
from domain.errors import RulesViolated
from domain.tiktok_errors import Category
from tests.integration.ads.conftest import ORG, AdsWorld

CAMPAIGN = CampaignSpec("Launch", Objective.VIDEO_VIEWS, Budget(BudgetMode.DAY, Decimal(100)))


def group_spec(w: AdsWorld, name: str = "US views") -> AdGroupSpec:
    now = w.clock.now()
    return AdGroupSpec(
        name=name,
        budget=Budget(BudgetMode.DAY, Decimal(50)),
        schedule=Schedule(ScheduleType.START_END, now, now + timedelta(days=7)),
        optimization_goal=OptimizationGoal.VIDEO_VIEW,
        billing_event=BillingEvent.CPV,
        location_ids=("6252001",),
    )


def spark(name: str = "Spark 1", text: str = "Watch our launch") -> AdSpec:
    return AdSpec(name, AdFormat.SINGLE_VIDEO, text, IdentityType.TT_USER, "open-1",
                  tiktok_item_id="7300000000000000042")  # fmt: skip


async def chain(w: AdsWorld) -> tuple[str, AdObject, AdObject]:
    [account, _] = await w.connect()
    campaign = await w.ads.create_campaign(
        organisation_id=ORG, account_id=account.id, spec=CAMPAIGN
    )
    group = await w.ads.create_ad_group(
        organisation_id=ORG, campaign_id=campaign.id, spec=group_spec(w)
    )
    return account.id, campaign, group


def remote(w: AdsWorld, kind: str) -> list[Any]:
    return [o for o in w.m.state.objects.values() if o.kind == kind]


class TestAccounts:
    async def test_one_auth_code_connects_every_advertiser_it_covers(self, world: AdsWorld) -> None:
        accounts = await world.connect()
        assert [a.advertiser_id for a in accounts] == [
            a.advertiser_id for a in world.m.settings.advertisers
        ]
        assert {a.currency for a in accounts} == {"USD", "EUR"}
        assert "Secret('***')" in repr(accounts[0])  # the token never shows itself

    async def test_connecting_again_reconnects_instead_of_duplicating(
        self, world: AdsWorld
    ) -> None:
        first = await world.connect()
        await world.ads.revoke(organisation_id=ORG, account_id=first[0].id)
        again = await world.connect()
        assert [a.id for a in again] == [a.id for a in first]
        assert all(a.usable for a in await world.ads.accounts(organisation_id=ORG))

    async def test_revoking_revokes_the_token_for_every_account_it_covered(
        self, world: AdsWorld
    ) -> None:
        first = await world.connect()
        await world.ads.revoke(organisation_id=ORG, account_id=first[0].id)
        assert world.m.state.tokens == {}
        assert {a.status for a in await world.ads.accounts(organisation_id=ORG)} == {
            AccountStatus.REVOKED
        }
        with pytest.raises(AccountRevoked):
            await world.ads.create_campaign(
                organisation_id=ORG, account_id=first[0].id, spec=CAMPAIGN
            )

    async def test_a_token_tiktok_no_longer_accepts_revokes_the_account(
        self, world: AdsWorld
    ) -> None:
        [account, _] = await world.connect()
        world.m.state.tokens.clear()  # revoked in TikTok's UI
        with pytest.raises(TikTokApiError) as caught:
            await world.ads.create_campaign(
                organisation_id=ORG, account_id=account.id, spec=CAMPAIGN
            )
        assert caught.value.error.code == "40105"
        assert caught.value.error.category is Category.RECONNECT_NEEDED
        [stored, _] = await world.ads.accounts(organisation_id=ORG)
        assert (
            stored.status is AccountStatus.REVOKED
            and stored.revoke_reason == "TikTok answered 40105"
        )

    async def test_another_organisation_sees_none_of_it(self, world: AdsWorld) -> None:
        [account, _] = await world.connect()
        assert await world.ads.accounts(organisation_id="org2") == []
        from application.errors import NotFound

        with pytest.raises(NotFound):
            await world.ads.create_campaign(
                organisation_id="org2", account_id=account.id, spec=CAMPAIGN
            )


class TestObjects:
    async def test_campaign_ad_group_and_ad_are_created_and_named_by_tiktok_ids(
        self, world: AdsWorld
    ) -> None:
        account_id, campaign, group = await chain(world)
        ad = await world.ads.create_ad(organisation_id=ORG, ad_group_id=group.id, spec=spark())
        assert campaign.tiktok_id and group.tiktok_id and ad.tiktok_id
        assert ad.review.status is ReviewStatus.IN_REVIEW
        [sent] = remote(world, "ad")
        assert (sent.parent_id, sent.fields["tiktok_item_id"]) == (
            group.tiktok_id,
            "7300000000000000042",
        )
        listed = await world.ads.objects(
            organisation_id=ORG, account_id=account_id, kind=ObjectKind.AD
        )
        assert [o.id for o in listed] == [ad.id]

    async def test_rules_are_checked_before_anything_is_sent(self, world: AdsWorld) -> None:
        [account, _] = await world.connect()
        bad = CampaignSpec("c", Objective.REACH, Budget(BudgetMode.DAY, Decimal(10)))
        with pytest.raises(RulesViolated, match="minimum"):
            await world.ads.create_campaign(organisation_id=ORG, account_id=account.id, spec=bad)
        assert world.m.state.creates["campaign"] == 0

    async def test_launch_pause_and_delete_go_through_the_status_calls(
        self, world: AdsWorld
    ) -> None:
        _, campaign, _ = await chain(world)
        paused = await world.ads.set_status(
            organisation_id=ORG, object_id=campaign.id, status=OperationStatus.DISABLE
        )
        assert paused.status is OperationStatus.DISABLE
        assert world.m.state.objects[campaign.tiktok_id or ""].operation_status == "DISABLE"
        await world.ads.set_status(
            organisation_id=ORG, object_id=campaign.id, status=OperationStatus.ENABLE
        )
        await world.ads.set_status(
            organisation_id=ORG, object_id=campaign.id, status=OperationStatus.DELETE
        )
        assert world.m.state.objects[campaign.tiktok_id or ""].operation_status == "DELETE"
        from domain.errors import InvalidTransition

        with pytest.raises(InvalidTransition):
            await world.ads.set_status(
                organisation_id=ORG, object_id=campaign.id, status=OperationStatus.ENABLE
            )

    async def test_an_update_reaches_tiktok_and_an_edited_ad_goes_back_to_review(
        self, world: AdsWorld
    ) -> None:
        _, campaign, group = await chain(world)
        ad = await world.ads.create_ad(organisation_id=ORG, ad_group_id=group.id, spec=spark())
        renamed = CampaignSpec("Launch 2", Objective.VIDEO_VIEWS, CAMPAIGN.budget)
        await world.ads.update(organisation_id=ORG, object_id=campaign.id, spec=renamed)
        assert world.m.state.objects[campaign.tiktok_id or ""].fields["campaign_name"] == "Launch 2"
        with pytest.raises(Conflict, match="objective"):
            await world.ads.update(organisation_id=ORG, object_id=campaign.id,
                                   spec=CampaignSpec("x", Objective.REACH, CAMPAIGN.budget))  # fmt: skip
        edited = await world.ads.update(
            organisation_id=ORG, object_id=ad.id, spec=spark(text="New words")
        )
        assert edited.review.status is ReviewStatus.IN_REVIEW
        assert world.m.state.objects[ad.tiktok_id or ""].fields["ad_text"] == "New words"

    async def test_two_ads_of_one_name_in_one_group_are_refused(self, world: AdsWorld) -> None:
        _, _, group = await chain(world)
        await world.ads.create_ad(organisation_id=ORG, ad_group_id=group.id, spec=spark())
        with pytest.raises(Conflict, match="named"):
            await world.ads.create_ad(organisation_id=ORG, ad_group_id=group.id, spec=spark())

    async def test_tiktok_errors_on_http_200_are_classified_and_rate_limits_retried(
        self, world: AdsWorld
    ) -> None:
        [account, _] = await world.connect()
        await world.control("POST", "/faults", {"next_codes": [40133, 40100]})
        made = await world.ads.create_campaign(
            organisation_id=ORG, account_id=account.id, spec=CAMPAIGN
        )
        assert made.tiktok_id is not None
        await world.control("POST", "/faults", {"next_codes": [40002]})
        with pytest.raises(TikTokApiError) as caught:
            await world.ads.create_campaign(
                organisation_id=ORG, account_id=account.id, spec=CAMPAIGN
            )
        assert caught.value.error.category is Category.CONTENT_INVALID


class TestExactlyOnce:
    async def test_a_lost_campaign_answer_is_resent_with_the_same_request_id(
        self, world: AdsWorld
    ) -> None:
        [account, _] = await world.connect()
        await world.control("POST", "/faults", {"lose_next_create_answers": 2})
        made = await world.ads.create_campaign(
            organisation_id=ORG, account_id=account.id, spec=CAMPAIGN
        )
        assert world.m.state.creates["campaign"] == 1
        assert [o.id for o in remote(world, "campaign")] == [made.tiktok_id]

    async def test_answers_lost_past_the_retries_are_finished_later_without_a_second_campaign(
        self, world: AdsWorld
    ) -> None:
        [account, _] = await world.connect()
        await world.control("POST", "/faults", {"lose_next_create_answers": 5})
        with pytest.raises(TikTokApiError) as caught:
            await world.ads.create_campaign(
                organisation_id=ORG, account_id=account.id, spec=CAMPAIGN
            )
        assert caught.value.error.category is Category.AMBIGUOUS
        [pending] = world.store.objects.values()
        assert pending.tiktok_id is None and pending.request_id is not None
        await world.control("POST", "/faults", {"lose_next_create_answers": 0})
        [done] = await world.ads.finish_pending(organisation_id=ORG, account_id=account.id)
        assert world.m.state.creates["campaign"] == 1
        assert done.tiktok_id == remote(world, "campaign")[0].id

    async def test_a_crash_between_sending_and_storing_yields_exactly_one_campaign(
        self, world: AdsWorld
    ) -> None:
        [account, _] = await world.connect()
        store = world.store

        class Crash(Exception):
            pass

        commits = {"n": 0}
        factory = world.ads.uow

        class CrashingUow:
            """The process dies at the commit that would store TikTok's answer."""

            def __call__(self):  # type: ignore[no-untyped-def]
                uow = factory()
                real_commit = uow.commit

                async def commit() -> None:
                    commits["n"] += 1
                    if commits["n"] == 3:  # 1: the new campaign, 2: create_sent, 3: the answer
                        raise Crash
                    await real_commit()

                uow.commit = commit  # type: ignore[method-assign]
                return uow

        crashing = world.ads.create_campaign.__class__(
            CrashingUow(),
            world.ads.sender.__class__(CrashingUow(), world.client, world.clock),
            world.clock,
            world.ads.ids,
        )  # type: ignore[arg-type]
        with pytest.raises(Crash):
            await crashing(organisation_id=ORG, account_id=account.id, spec=CAMPAIGN)
        assert world.m.state.creates["campaign"] == 1
        [pending] = store.objects.values()
        assert pending.tiktok_id is None and pending.create_sent_at is not None
        # a new process finishes what was pending: TikTok returns the first campaign
        [done] = await world.ads.finish_pending(organisation_id=ORG, account_id=account.id)
        assert world.m.state.creates["campaign"] == 1
        assert done.tiktok_id == remote(world, "campaign")[0].id

    async def test_a_lost_ad_answer_is_reconciled_by_listing_not_by_sending_twice(
        self, world: AdsWorld
    ) -> None:
        _, _, group = await chain(world)
        await world.control("POST", "/faults", {"lose_next_create_answers": 1})
        ad = await world.ads.create_ad(organisation_id=ORG, ad_group_id=group.id, spec=spark())
        assert world.m.state.creates["ad"] == 1
        assert [o.id for o in remote(world, "ad")] == [ad.tiktok_id]


class TestAdsRound:
    async def test_a_round_finishes_lost_creates_polls_reviews_and_syncs_every_account(
        self, world: AdsWorld
    ) -> None:
        account_id, _, group = await chain(world)
        await world.ads.create_ad(organisation_id=ORG, ad_group_id=group.id, spec=spark())
        await world.control("POST", "/faults", {"lose_next_create_answers": 5})
        with pytest.raises(TikTokApiError):
            await world.ads.create_campaign(
                organisation_id=ORG, account_id=account_id, spec=CAMPAIGN
            )
        await world.control("POST", "/faults", {"lose_next_create_answers": 0})
        world.clock.advance(timedelta(seconds=world.m.settings.review_delay_s))
        done = await world.ads.round()
        assert (done.accounts, done.failed) == (2, {})
        assert world.m.state.creates["campaign"] == 2  # the chain's and the lost one, once
        campaigns = await world.ads.objects(
            organisation_id=ORG, account_id=account_id, kind=ObjectKind.CAMPAIGN
        )
        assert all(c.tiktok_id for c in campaigns)
        assert done.reviews_changed == 2 and done.report_rows > 0  # the ad and its group
        today = world.clock.now().date()
        rows = await world.ads.report(
            organisation_id=ORG, account_id=account_id, level=ObjectKind.AD, start=today, end=today
        )
        assert len(rows) == 1
