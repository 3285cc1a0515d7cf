"""Creatives, Spark Ads from our posts, review events (delivered and polled), and reports
whose stored figures equal the emulator's."""

from __future__ import annotations

import asyncio
import hashlib
import json
from collections.abc import AsyncIterator
from datetime import timedelta
from decimal import Decimal

import pytest
from aiohttp import web
from aiohttp.test_utils import TestServer

from adapters.memory.unit_of_work import MemoryUnitOfWork
from application.errors import Conflict
from domain.ads.model import (
    AdFormat,
    AdSpec,
    IdentityType,
    ObjectKind,
    ReviewStatus,
)
from domain.outgoing_events import EventType
from domain.post_state import PostStatus
from entrypoints.ads_wiring import Ads, AdsSettings
from entrypoints.http.tiktok_webhook import verify
from tests.builders import channel, post_in, video_post
from tests.integration.ads.conftest import ORG, AdsWorld
from tests.integration.ads.test_ads_operations import chain, spark

VIDEO = b"\x00\x00\x00\x18ftypmp42" + bytes(range(256)) * 4000


async def published_post(w: AdsWorld, post_id: str = "p1") -> str:
    async with MemoryUnitOfWork(w.posts) as uow:
        await uow.channels.add(channel(organisation_id=ORG, open_id="open-brand"))
        await uow.posts.add(
            post_in(PostStatus.PUBLISHED, post=video_post(post_id, caption="Our launch #new"))
        )
        await uow.commit()
    return post_id


class TestCreatives:
    async def test_a_video_is_streamed_from_the_store_with_its_md5_and_awaited(
        self, world: AdsWorld
    ) -> None:
        [account, _] = await world.connect()
        world.storage.put_bytes(f"orgs/{ORG}/clip.mp4", VIDEO, "video/mp4")
        asset = await world.ads.upload_video(
            organisation_id=ORG, account_id=account.id, key=f"orgs/{ORG}/clip.mp4"
        )
        assert asset.processed and asset.signature == hashlib.md5(VIDEO).hexdigest()
        stored = world.m.state.videos[asset.tiktok_id]
        assert (stored.size, stored.signature) == (len(VIDEO), asset.signature)

    async def test_a_video_by_url_and_an_image(self, world: AdsWorld) -> None:
        [account, _] = await world.connect()
        by_url = await world.ads.upload_video(
            organisation_id=ORG, account_id=account.id, url="https://cdn.example/v.mp4"
        )
        assert by_url.tiktok_id in world.m.state.videos
        world.storage.put_bytes(f"orgs/{ORG}/a.jpg", b"\xff\xd8\xff" + b"j" * 5000, "image/jpeg")
        image = await world.ads.upload_image(
            organisation_id=ORG, account_id=account.id, key=f"orgs/{ORG}/a.jpg"
        )
        assert world.m.state.images[image.tiktok_id].size == 5003

    async def test_another_organisations_media_is_not_found(self, world: AdsWorld) -> None:
        [account, _] = await world.connect()
        world.storage.put_bytes("orgs/org2/clip.mp4", VIDEO, "video/mp4")
        from application.errors import NotFound

        with pytest.raises(NotFound):
            await world.ads.upload_video(
                organisation_id=ORG, account_id=account.id, key="orgs/org2/clip.mp4"
            )

    async def test_a_custom_ad_uses_the_uploaded_video(self, world: AdsWorld) -> None:
        account_id, _, group = await chain(world)
        world.storage.put_bytes(f"orgs/{ORG}/clip.mp4", VIDEO, "video/mp4")
        asset = await world.ads.upload_video(
            organisation_id=ORG, account_id=account_id, key=f"orgs/{ORG}/clip.mp4"
        )
        spec = AdSpec("Custom", AdFormat.SINGLE_VIDEO, "Shop the launch", IdentityType.CUSTOMIZED_USER,
                      "ident-1", display_name="Brand", video_id=asset.tiktok_id)  # fmt: skip
        ad = await world.ads.create_ad(organisation_id=ORG, ad_group_id=group.id, spec=spec)
        assert world.m.state.objects[ad.tiktok_id or ""].fields["video_id"] == asset.tiktok_id


class TestSparkAds:
    async def test_a_published_post_is_promoted_in_one_call(self, world: AdsWorld) -> None:
        [account, _] = await world.connect()
        await published_post(world)
        promo = await world.ads.promote(organisation_id=ORG, post_id="p1", account_id=account.id,
                                        daily_budget=Decimal(30))  # fmt: skip
        assert promo.campaign and promo.ad_group and promo.ad.tiktok_id
        sent = world.m.state.objects[promo.ad.tiktok_id]
        assert sent.fields["identity_type"] == "TT_USER" and sent.fields["tiktok_item_id"] == "7001"
        assert (
            sent.fields["identity_id"] == "open-brand"
            and sent.fields["ad_text"] == "Our launch #new"
        )
        assert world.m.state.objects[promo.ad_group.tiktok_id or ""].fields["budget"] == 30.0

    async def test_a_post_not_yet_published_cannot_be_promoted(self, world: AdsWorld) -> None:
        [account, _] = await world.connect()
        async with MemoryUnitOfWork(world.posts) as uow:
            await uow.channels.add(channel(organisation_id=ORG))
            await uow.posts.add(video_post("p2"))
            await uow.commit()
        with pytest.raises(Conflict, match="not published"):
            await world.ads.promote(organisation_id=ORG, post_id="p2", account_id=account.id)


@pytest.fixture
async def receiver(world: AdsWorld) -> AsyncIterator[tuple[Ads, list[str]]]:
    """Our webhook edge in miniature: verify, then hand the delivery to the use-case."""
    secret = world.m.settings.secret
    seen: list[str] = []

    async def handle(request: web.Request) -> web.Response:
        body = await request.read()
        header = request.headers["X-TT-Signature"]
        assert verify(secret, header, body, world.clock.now().timestamp()) is None
        result = await world.ads.handle_review(payload=json.loads(body))
        seen.append(f"{result.applied}/{result.duplicates}")
        return web.Response()

    app = web.Application()
    app.router.add_post("/hook", handle)
    server = TestServer(app, port=0)
    await server.start_server()
    settings = AdsSettings(review_callback_url=str(server.make_url("/hook")))
    ads = Ads(world.ads.uow, world.client, world.ads.posts, world.storage, world.ads.spools,
              world.clock, world.ads.ids, settings)  # fmt: skip
    yield ads, seen
    await server.close()


async def arrived(seen: list[str], count: int) -> None:
    """The emulator's own tick may be sending them already: wait until all have landed."""
    async with asyncio.timeout(10):
        while len(seen) < count:
            await asyncio.sleep(0.02)


class TestReviews:
    async def test_review_deliveries_are_verified_deduplicated_and_applied(
        self, world: AdsWorld, receiver: tuple[Ads, list[str]]
    ) -> None:
        ads, seen = receiver
        [account, _] = await world.connect()
        await published_post(world)
        promo = await ads.promote(organisation_id=ORG, post_id="p1", account_id=account.id)
        assert len(world.m.state.subscriptions) == 2  # the ad group and the ad
        world.clock.advance(timedelta(seconds=world.m.settings.review_delay_s))
        await world.control("POST", "/deliver")
        await arrived(seen, 4)  # the ad and its group, each delivered twice
        ad = await ads.objects.one(organisation_id=ORG, object_id=promo.ad.id)
        assert ad.review.status is ReviewStatus.APPROVED
        assert sorted(seen) == ["0/1", "0/1", "1/0", "1/0"]  # each delivery twice: once applied

    async def test_a_rejection_carries_tiktoks_reason(
        self, world: AdsWorld, receiver: tuple[Ads, list[str]]
    ) -> None:
        ads, seen = receiver
        _, _, group = await chain(world)
        ad = await ads.create_ad(
            organisation_id=ORG, ad_group_id=group.id, spec=spark(text="REJECT me")
        )
        world.clock.advance(timedelta(seconds=world.m.settings.review_delay_s))
        await world.control("POST", "/deliver")
        await arrived(seen, 2)  # the ad's delivery, twice
        stored = await ads.objects.one(organisation_id=ORG, object_id=ad.id)
        assert (
            stored.review.status is ReviewStatus.REJECTED and "policy" in stored.review.reasons[0]
        )
        told = [  # the platform hears of it, written with the change (ADR 0020)
            e.data
            for e in world.store.outgoing.events.values()
            if e.type is EventType.AD_REVIEW_CHANGED and e.data["ad_object_id"] == ad.id
        ]
        assert [(t["review_status"], bool(t["reasons"])) for t in told] == [("rejected", True)]

    async def test_a_poll_reconciles_reviews_without_deliveries(self, world: AdsWorld) -> None:
        account_id, _, group = await chain(world)
        good = await world.ads.create_ad(organisation_id=ORG, ad_group_id=group.id, spec=spark())
        bad = await world.ads.create_ad(
            organisation_id=ORG, ad_group_id=group.id, spec=spark("Spark 2", "REJECT")
        )
        assert await world.ads.reconcile_reviews(organisation_id=ORG, account_id=account_id) == []
        world.clock.advance(timedelta(seconds=world.m.settings.review_delay_s))
        changed = await world.ads.reconcile_reviews(organisation_id=ORG, account_id=account_id)
        states = {o.id: o.review.status for o in changed}
        assert states[good.id] is ReviewStatus.APPROVED and states[bad.id] is ReviewStatus.REJECTED
        assert states[group.id] is ReviewStatus.APPROVED
        events = [
            e.data["ad_object_id"]
            for e in world.store.outgoing.events.values()
            if e.type is EventType.AD_REVIEW_CHANGED
        ]
        assert sorted(events) == sorted(o.id for o in changed)  # one per change


class TestReports:
    async def test_stored_figures_equal_the_emulators_at_every_level(self, world: AdsWorld) -> None:
        account_id, campaign, group = await chain(world)
        for n in range(2):
            await world.ads.create_ad(
                organisation_id=ORG, ad_group_id=group.id, spec=spark(f"Spark {n}")
            )
        world.clock.advance(timedelta(seconds=world.m.settings.review_delay_s))
        day = world.clock.now().date()
        rows = await world.ads.sync_reports(organisation_id=ORG, account_id=account_id, day=day)
        assert {r.level for r in rows} == {ObjectKind.CAMPAIGN, ObjectKind.AD_GROUP, ObjectKind.AD}
        token = world.store.accounts[account_id].access_token.reveal()
        for level, data_level, dim in (
            (ObjectKind.CAMPAIGN, "AUCTION_CAMPAIGN", "campaign_id"),
            (ObjectKind.AD_GROUP, "AUCTION_ADGROUP", "adgroup_id"),
            (ObjectKind.AD, "AUCTION_AD", "ad_id"),
        ):
            answer = await world.raw("GET", "/report/integrated/get/", token, params={
                "advertiser_id": world.store.accounts[account_id].advertiser_id, "report_type": "BASIC",
                "data_level": data_level, "dimensions": json.dumps([dim, "stat_time_day"]),
                "metrics": json.dumps(["spend", "impressions", "clicks", "ctr", "cpc", "cpm", "reach",
                                       "conversion", "video_play_actions", "video_watched_2s",
                                       "video_watched_6s", "video_views_p25", "video_views_p50",
                                       "video_views_p75", "video_views_p100", "average_video_play"]),
                "start_date": day.isoformat(), "end_date": day.isoformat(), "page_size": "1000",
            })  # fmt: skip
            theirs = {r["dimensions"][dim]: r["metrics"] for r in answer["data"]["list"]}
            ours = await world.ads.report(
                organisation_id=ORG, account_id=account_id, level=level, start=day, end=day
            )
            assert {r.tiktok_id: r.metrics.as_strings() for r in ours} == theirs
        [campaign_row] = [r for r in rows if r.level is ObjectKind.CAMPAIGN]
        ad_rows = [r for r in rows if r.level is ObjectKind.AD]
        assert campaign_row.tiktok_id == campaign.tiktok_id
        assert campaign_row.metrics.spend == sum((r.metrics.spend for r in ad_rows), Decimal(0))
        assert campaign_row.metrics.impressions == sum(r.metrics.impressions for r in ad_rows)

    async def test_a_second_sync_of_the_same_day_replaces_not_adds(self, world: AdsWorld) -> None:
        account_id, _, group = await chain(world)
        await world.ads.create_ad(organisation_id=ORG, ad_group_id=group.id, spec=spark())
        world.clock.advance(timedelta(seconds=world.m.settings.review_delay_s))
        day = world.clock.now().date()
        await world.ads.sync_reports(organisation_id=ORG, account_id=account_id, day=day)
        await world.ads.sync_reports(organisation_id=ORG, account_id=account_id, day=day)
        assert (
            len(
                await world.ads.report(
                    organisation_id=ORG,
                    account_id=account_id,
                    level=ObjectKind.AD,
                    start=day,
                    end=day,
                )
            )
            == 1
        )


async def test_the_emulator_never_spends_more_than_the_daily_budget(world: AdsWorld) -> None:
    account_id, _, group = await chain(world)  # 50 a day
    for n in range(3):
        await world.ads.create_ad(organisation_id=ORG, ad_group_id=group.id, spec=spark(f"S{n}"))
    world.clock.advance(timedelta(seconds=world.m.settings.review_delay_s))
    day = world.clock.now().date()
    rows = await world.ads.sync_reports(organisation_id=ORG, account_id=account_id, day=day)
    [group_row] = [r for r in rows if r.level is ObjectKind.AD_GROUP]
    assert Decimal(0) < group_row.metrics.spend <= Decimal(50)
