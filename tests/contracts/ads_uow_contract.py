"""The contract every ads unit of work keeps (memory and Postgres): the same tests, so the
fake cannot drift from the real thing."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import attrs
import pytest

from application.errors import Conflict, NotFound
from application.ports.ads import AdsUnitOfWorkFactory
from domain.ads.account import AdAccount
from domain.ads.audience import IdentifierKind
from domain.ads.custom_audience import CustomAudience
from domain.ads.model import (
    AdFormat,
    AdGroupSpec,
    AdObject,
    AdSpec,
    BillingEvent,
    Budget,
    BudgetMode,
    CampaignSpec,
    CreativeAsset,
    IdentityType,
    Objective,
    ObjectKind,
    OperationStatus,
    OptimizationGoal,
    ReviewStatus,
    Schedule,
    ScheduleType,
)
from domain.ads.reports import AdMetrics, ReportRow
from domain.secret import Secret
from tests.builders import LATER, T0

ORG = "org1"


def account(account_id: str = "acc1", advertiser_id: str = "adv1", org: str = ORG) -> AdAccount:
    return AdAccount(account_id, org, advertiser_id, "Brand Ads", Secret("tok-secret"), T0)


def campaign(object_id: str = "c1", account_id: str = "acc1") -> AdObject:
    spec = CampaignSpec("Launch", Objective.VIDEO_VIEWS, Budget(BudgetMode.DAY, Decimal("75.50")))
    return AdObject(object_id, ORG, account_id, "adv1", spec, T0, request_id="123456789")


def group(object_id: str = "g1", parent: str = "c1") -> AdObject:
    spec = AdGroupSpec(
        "G", Budget(BudgetMode.DAY, Decimal(20)), Schedule(ScheduleType.START_END, T0, LATER),
        OptimizationGoal.VIDEO_VIEW, BillingEvent.CPV, location_ids=("6252001",), bid_price=Decimal("0.05"),
    )  # fmt: skip
    return AdObject(
        object_id, ORG, "acc1", "adv1", spec, T0 + timedelta(seconds=1), parent_id=parent
    )


def ad(object_id: str = "a1", parent: str = "g1") -> AdObject:
    spec = AdSpec("A", AdFormat.SINGLE_VIDEO, "Watch", IdentityType.TT_USER, "open-1",
                  tiktok_item_id="7001", post_id="p1")  # fmt: skip
    return AdObject(
        object_id, ORG, "acc1", "adv1", spec, T0 + timedelta(seconds=2), parent_id=parent
    )


class AdsUnitOfWorkContract:
    @pytest.fixture
    def uow_factory(self) -> AdsUnitOfWorkFactory:
        raise NotImplementedError

    async def seed(self, f: AdsUnitOfWorkFactory) -> None:
        async with f() as uow:
            await uow.ad_accounts.add(account())
            for obj in (campaign(), group(), ad()):
                await uow.ad_objects.add(obj)
            await uow.commit()

    async def test_accounts_round_trip_with_their_token_and_stay_unique_per_org(
        self, uow_factory: AdsUnitOfWorkFactory
    ) -> None:
        async with uow_factory() as uow:
            stored = await uow.ad_accounts.add(account())
            await uow.commit()
        async with uow_factory() as uow:
            loaded = await uow.ad_accounts.get("acc1")
            assert loaded == stored and loaded.access_token.reveal() == "tok-secret"
            assert await uow.ad_accounts.find(ORG, "adv1") == stored
            assert await uow.ad_accounts.find("org2", "adv1") is None
            with pytest.raises(Conflict):
                await uow.ad_accounts.add(account("acc2"))
        async with uow_factory() as uow:
            await uow.ad_accounts.add(account("acc3", org="org2"))
            await uow.commit()
        async with uow_factory() as uow:
            assert [a.id for a in await uow.ad_accounts.by_advertiser("adv1")] == ["acc1", "acc3"]
            assert [a.id for a in await uow.ad_accounts.list("org2")] == ["acc3"]
            assert [a.id for a in await uow.ad_accounts.connected()] == ["acc1", "acc3"]
            gone = await uow.ad_accounts.save(
                (await uow.ad_accounts.get("acc3")).revoked(reason="x", now=LATER)
            )
            assert gone.version == 2 and [a.id for a in await uow.ad_accounts.connected()] == [
                "acc1"
            ]

    async def test_a_stale_save_is_a_conflict(self, uow_factory: AdsUnitOfWorkFactory) -> None:
        await self.seed(uow_factory)
        async with uow_factory() as uow:
            a = await uow.ad_accounts.get("acc1")
            await uow.ad_accounts.save(a.revoked(reason="x", now=LATER))
            await uow.commit()
        async with uow_factory() as uow:
            with pytest.raises(Conflict):
                await uow.ad_accounts.save(a.revoked(reason="y", now=LATER))

    async def test_objects_round_trip_exactly(self, uow_factory: AdsUnitOfWorkFactory) -> None:
        await self.seed(uow_factory)
        async with uow_factory() as uow:
            for obj in (campaign(), group(), ad()):
                assert await uow.ad_objects.get(obj.id) == attrs.evolve(obj, version=1)

    async def test_objects_change_and_are_found_by_tiktok_id_and_pending_state(
        self, uow_factory: AdsUnitOfWorkFactory
    ) -> None:
        await self.seed(uow_factory)
        async with uow_factory() as uow:
            c = await uow.ad_objects.get("c1")
            c = await uow.ad_objects.save(c.create_sent(now=T0).created(tiktok_id="17", now=T0))
            g = await uow.ad_objects.get("g1")
            g = await uow.ad_objects.save(
                g.created(tiktok_id="18", now=T0).reviewed(
                    approved=False, reasons=("bad",), now=LATER
                )
            )
            await uow.commit()
        async with uow_factory() as uow:
            assert await uow.ad_objects.get("g1") == g
            assert g.review.status is ReviewStatus.REJECTED and g.version == 2
            assert [o.id for o in await uow.ad_objects.find_by_tiktok_id("adv1", "17")] == ["c1"]
            assert [o.id for o in await uow.ad_objects.unsent_or_unanswered("acc1")] == ["a1"]
            assert [o.id for o in await uow.ad_objects.list("acc1", ObjectKind.AD_GROUP)] == ["g1"]
            assert [
                o.id for o in await uow.ad_objects.list("acc1", ObjectKind.AD, parent_id="g1")
            ] == ["a1"]
            assert await uow.ad_objects.list("acc1", ObjectKind.AD, parent_id="other") == []
            changed = (await uow.ad_objects.get("c1")).with_status(
                OperationStatus.DISABLE, now=LATER
            )
            await uow.ad_objects.save(changed)
            with pytest.raises(NotFound):
                await uow.ad_objects.get("nope")

    async def test_uncommitted_work_is_rolled_back(self, uow_factory: AdsUnitOfWorkFactory) -> None:
        async with uow_factory() as uow:
            await uow.ad_accounts.add(account())
        async with uow_factory() as uow:
            with pytest.raises(NotFound):
                await uow.ad_accounts.get("acc1")

    async def test_report_rows_are_upserted_per_object_and_day(
        self, uow_factory: AdsUnitOfWorkFactory
    ) -> None:
        await self.seed(uow_factory)
        day = T0.date()
        m1 = AdMetrics.from_strings(
            {"spend": "12.34", "impressions": "1000", "ctr": "1.50", "average_video_play": "3.21"}
        )
        m2 = attrs.evolve(m1, spend=Decimal("20.00"))
        async with uow_factory() as uow:
            await uow.ad_reports.upsert([ReportRow(ORG, "acc1", ObjectKind.AD, "19", day, m1, T0)])
            await uow.ad_reports.upsert([ReportRow(ORG, "acc1", ObjectKind.AD, "19", day, m2, LATER),
                                         ReportRow(ORG, "acc1", ObjectKind.AD, "20", day + timedelta(days=1), m1, LATER)])  # fmt: skip
            await uow.commit()
        async with uow_factory() as uow:
            rows = await uow.ad_reports.list(
                "acc1", ObjectKind.AD, start=day, end=day + timedelta(days=1)
            )
            assert [(r.tiktok_id, r.metrics) for r in rows] == [("19", m2), ("20", m1)]
            assert rows[0].metrics.as_strings()["spend"] == "20.00"
            assert await uow.ad_reports.list("acc1", ObjectKind.CAMPAIGN, start=day, end=day) == []
            assert (
                len(
                    await uow.ad_reports.list(
                        "acc1", ObjectKind.AD, start=day, end=day, tiktok_id="20"
                    )
                )
                == 0
            )

    async def test_audiences_and_creatives_round_trip(
        self, uow_factory: AdsUnitOfWorkFactory
    ) -> None:
        await self.seed(uow_factory)
        aud = CustomAudience("au1", ORG, "acc1", "List", T0, IdentifierKind.EMAIL, "24").appended(
            file_path="dmp/1.csv", signature="abc", identifiers=10, rejected=2
        )
        asset = CreativeAsset("v1", ORG, "acc1", "video", "21", "md5", 100, "orgs/org1/a.mp4", T0)
        async with uow_factory() as uow:
            await uow.audiences.add(aud)
            await uow.audiences.add(
                CustomAudience(
                    "au2", ORG, "acc1", "Like", LATER, tiktok_id="25", lookalike_of="au1"
                )
            )
            await uow.creatives.add(asset)
            await uow.commit()
        async with uow_factory() as uow:
            assert await uow.audiences.get("au1") == attrs.evolve(aud, version=1)
            deleted = await uow.audiences.save((await uow.audiences.get("au1")).deleted())
            await uow.creatives.save(attrs.evolve(asset, processed=True))
            await uow.commit()
        async with uow_factory() as uow:
            assert await uow.audiences.get("au1") == deleted
            assert [a.id for a in await uow.audiences.list("acc1")] == ["au1", "au2"]
            assert (await uow.creatives.get("v1")).processed
            assert [c.id for c in await uow.creatives.list("acc1")] == ["v1"]

    async def test_review_events_are_recorded_once(self, uow_factory: AdsUnitOfWorkFactory) -> None:
        async with uow_factory() as uow:
            assert await uow.ad_events.record("k1", received_at=T0)
            assert not await uow.ad_events.record("k1", received_at=T0)
            await uow.commit()
        async with uow_factory() as uow:
            assert not await uow.ad_events.record("k1", received_at=LATER)
            assert await uow.ad_events.record("k2", received_at=LATER)
