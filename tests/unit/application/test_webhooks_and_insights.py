"""Webhook events, metrics sync and the weekly insight, on the in-memory world."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import attrs

from application.ports import TikTokVideo
from domain.channel import ChannelStatus
from domain.post_content import VideoSource
from domain.post_state import PostStatus
from domain.webhook import TikTokWebhookEvent
from tests.unit.application.test_publishing import PRIVATE
from tests.unit.application.world import World

S = PostStatus


async def test_a_publish_complete_webhook_publishes_the_post_once(world: World) -> None:
    channel = await world.connect()
    settings = attrs.evolve(PRIVATE, video_source=VideoSource.PULL_FROM_URL)
    post = await world.due(channel, media=world.video(), settings=settings)
    post = await world.c.publish_due_post()(post_id=post.id)
    event = TikTokWebhookEvent(
        "ck",
        "post.publish.complete",
        1_700_000_000,
        "open-1",
        {"publish_id": post.publish_id, "publish_type": "DIRECT_PUBLISH"},
    )
    handle = world.c.handle_webhook_event()
    first = await handle(event)
    second = await handle(event)
    assert (first.duplicate, first.applied_to) == (False, post.id)
    assert second.duplicate
    stored = await world.post(post.id)
    assert stored.status is S.PUBLISHED
    assert [e.name for e in stored.events].count("PostPublished") == 1


async def test_publicly_available_adds_the_public_id(world: World) -> None:
    channel = await world.connect()
    settings = attrs.evolve(PRIVATE, video_source=VideoSource.PULL_FROM_URL)
    post = await world.due(channel, media=world.video(), settings=settings)
    post = await world.c.publish_due_post()(post_id=post.id)
    handle = world.c.handle_webhook_event()
    await handle(
        TikTokWebhookEvent(
            "ck", "post.publish.complete", 1, "open-1", {"publish_id": post.publish_id}
        )
    )
    await handle(
        TikTokWebhookEvent(
            "ck",
            "post.publish.publicly_available",
            2,
            "open-1",
            {"publish_id": post.publish_id, "post_id": "7777"},
        )
    )
    stored = await world.post(post.id)
    assert "7777" in stored.tiktok_post_ids
    assert stored.share_url == "https://www.tiktok.com/@brand/video/7777"


async def test_an_event_for_an_unknown_publish_id_changes_nothing(world: World) -> None:
    outcome = await world.c.handle_webhook_event()(
        TikTokWebhookEvent(
            "ck", "post.publish.failed", 1, "x", {"publish_id": "nope", "reason": "internal"}
        )
    )
    assert outcome.applied_to is None and world.store.posts == {}


async def test_authorization_removed_expires_every_matching_channel(world: World) -> None:
    first = await world.connect(org="org1")
    second = await world.connect(org="org2")
    outcome = await world.c.handle_webhook_event()(
        TikTokWebhookEvent("ck", "authorization.removed", 1, "open-1", {"reason": 1})
    )
    assert sorted((outcome.applied_to or "").split(",")) == sorted([first.id, second.id])
    for channel_id in (first.id, second.id):
        stored = await world.channel(channel_id)
        assert stored.status is ChannelStatus.EXPIRED
        assert "disconnected the app" in stored.status_reason
    assert world.notifier.kinds() == ["channel_expired", "channel_expired"]


async def test_sync_metrics_pages_through_every_video(world: World) -> None:
    channel = await world.connect()
    base = int(datetime(2026, 2, 1, tzinfo=UTC).timestamp())
    world.tiktok.videos["open-1"] = [
        TikTokVideo(
            f"v{i}",
            base + i * 86_400,
            video_description=f"#tag{i % 3}",
            duration=20,
            view_count=100 * i,
            like_count=i,
        )
        for i in range(45)
    ]
    synced = await world.c.sync_metrics()(channel_id=channel.id)
    assert synced.videos == 45 and synced.account.video_count == 45
    async with world.c.uow()() as uow:
        snaps = await uow.metrics.video_snapshots(
            channel.id, since=datetime(2026, 1, 1, tzinfo=UTC)
        )
    assert len({s.video_id for s in snaps}) == 45


async def test_compute_insight_from_synced_metrics(world: World) -> None:
    channel = await world.connect()
    now = world.clock.now()
    world.tiktok.videos["open-1"] = [
        TikTokVideo(
            f"v{i}",
            int((now - timedelta(days=2 + 7 * i)).timestamp()),
            video_description="#recipe #quick",
            duration=25,
            view_count=1000 + i,
            like_count=100,
            comment_count=5,
            share_count=5,
        )
        for i in range(6)
    ]
    await world.c.sync_metrics()(channel_id=channel.id)
    insight = await world.c.compute_insight()(channel_id=channel.id)
    assert (insight.average_views_30d.value, insight.average_views_30d.sample_size) == (1002, 5)
    assert [h.tag for h in insight.top_hashtags] == ["quick", "recipe"]
    assert insight.suggestion is not None
    assert not insight.completion_trend.available  # the Display API has no completion data
    async with world.c.uow()() as uow:
        assert await uow.insights.latest(channel.id) == insight


async def test_snapshots_follow_the_cadence_of_each_videos_age(world: World) -> None:
    channel = await world.connect()
    now = world.clock.now()
    ages = {
        "fresh": timedelta(hours=3),
        "week": timedelta(days=3),
        "month": timedelta(days=20),
        "old": timedelta(days=120),
    }
    world.tiktok.videos["open-1"] = [
        TikTokVideo(name, int((now - age).timestamp()), view_count=10) for name, age in ages.items()
    ]
    first = await world.c.sync_metrics()(channel_id=channel.id)
    assert (first.videos, first.not_due, first.account_stored) == (3, 1, True)  # not "old"
    again = await world.c.sync_metrics()(channel_id=channel.id)
    assert (again.videos, again.account_stored) == (0, False)
    world.clock.advance(timedelta(hours=2))
    later = await world.c.sync_metrics()(channel_id=channel.id)
    assert later.videos == 1  # only the hour-cadence video is due again
    world.clock.advance(timedelta(days=1))
    next_day = await world.c.sync_metrics()(channel_id=channel.id)
    assert (next_day.videos, next_day.account_stored) == (3, True)
