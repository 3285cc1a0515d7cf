"""An init whose answer was lost is reconciled through the creator's public video list,
never by sending the init again."""

from __future__ import annotations

from datetime import timedelta

import attrs

from adapters.memory.tiktok import api_error
from application.errors import TikTokApiError
from domain.post_content import PostSettings, PrivacyLevel, VideoSource
from domain.post_state import PostStatus, Tracking
from domain.publish_status import PublishStatusReport, TikTokPublishStatus
from domain.tiktok_errors import ErrorSource, classify
from tests.unit.application.world import World

S = PostStatus
PUBLIC_PULL = PostSettings(
    privacy_level=PrivacyLevel.PUBLIC_TO_EVERYONE, video_source=VideoSource.PULL_FROM_URL
)
LOST = TikTokApiError(classify(ErrorSource.CLIENT, "init_outcome_unknown"))


async def lost_init(
    world: World,
    settings: PostSettings = PUBLIC_PULL,
    *,
    took_effect: bool,
    caption: str = "Spring drop #launch",
):  # type: ignore[no-untyped-def]
    channel = await world.connect()
    post = await world.due(channel, media=world.video(), settings=settings, caption=caption)
    if took_effect:
        world.tiktok.lose_answer_next("init_video", LOST)
    else:
        world.tiktok.fail_next("init_video", LOST)
    return await world.c.publish_due_post()(post_id=post.id)


async def tracker_pass(world: World, after: timedelta):  # type: ignore[no-untyped-def]
    world.clock.advance(after)
    return (await world.c.run_tracker_pass()()).posts


async def test_a_lost_answer_is_found_on_the_profile_and_published_once(world: World) -> None:
    post = await lost_init(world, took_effect=True)
    assert post.status is S.PUBLISHING and post.tracking is Tracking.RECONCILING
    assert post.publish_id is None
    [tracked] = await tracker_pass(world, timedelta(seconds=6))
    assert tracked.status is S.PUBLISHED and len(tracked.tiktok_post_ids) == 1
    assert tracked.share_url and tracked.tiktok_post_ids[0] in tracked.share_url
    assert [e.name for e in tracked.events][-2:] == ["FoundOnProfile", "PostPublished"]
    assert world.tiktok.calls["init_video"] == 1  # never sent again
    assert len(world.tiktok.posted_videos("open-1")) == 1
    assert await world.c.run_publisher_pass()() is not None
    assert world.tiktok.calls["init_video"] == 1


async def test_not_on_the_profile_within_the_window_asks_a_person(world: World) -> None:
    post = await lost_init(world, took_effect=False)
    assert post.tracking is Tracking.RECONCILING
    [still] = await tracker_pass(world, timedelta(seconds=6))
    assert still.tracking is Tracking.RECONCILING and still.next_attempt_at is not None
    assert world.tiktok.calls["list_videos"] >= 1
    [flagged] = await tracker_pass(world, timedelta(minutes=31))
    assert flagged.status is S.PUBLISHING and flagged.tracking is Tracking.UNCONFIRMED
    assert "post_unconfirmed" in world.notifier.kinds()
    assert world.tiktok.calls["init_video"] == 1
    assert await tracker_pass(world, timedelta(hours=1)) == ()  # a person has it now


async def test_another_post_with_other_text_or_older_is_not_taken_for_it(world: World) -> None:
    channel = await world.connect()
    older = await world.due(
        channel, media=world.video(), settings=PUBLIC_PULL, caption="Spring drop #launch"
    )
    await world.c.publish_due_post()(post_id=older.id)  # the same text, published earlier
    world.clock.advance(timedelta(hours=1))
    other = await world.due(
        channel, media=world.video("v/b.mp4"), settings=PUBLIC_PULL, caption="Something else"
    )
    await world.c.publish_due_post()(post_id=other.id)
    world.clock.advance(timedelta(hours=1))
    lost = await world.due(
        channel, media=world.video("v/c.mp4"), settings=PUBLIC_PULL, caption="Spring drop #launch"
    )
    world.tiktok.fail_next("init_video", LOST)
    post = await world.c.publish_due_post()(post_id=lost.id)
    assert post.tracking is Tracking.RECONCILING
    tracked = await world.c.reconcile_post()(post_id=post.id)
    assert tracked.status is S.PUBLISHING and tracked.tracking is Tracking.RECONCILING


async def test_a_private_post_cannot_be_looked_up_and_goes_to_a_person(world: World) -> None:
    private = attrs.evolve(PUBLIC_PULL, privacy_level=PrivacyLevel.SELF_ONLY)
    post = await lost_init(world, private, took_effect=True)
    assert post.tracking is Tracking.UNCONFIRMED
    assert world.tiktok.calls["list_videos"] == 0


async def test_a_listing_error_is_retried_inside_the_window(world: World) -> None:
    post = await lost_init(world, took_effect=True)
    world.tiktok.fail_next("list_videos", api_error("rate_limit_exceeded", http_status=429))
    [first] = await tracker_pass(world, timedelta(seconds=6))
    assert first.tracking is Tracking.RECONCILING
    [second] = await tracker_pass(world, timedelta(seconds=31))
    assert second.status is S.PUBLISHED and post.id == second.id


async def test_a_stuck_status_past_the_deadline_is_found_on_the_profile(world: World) -> None:
    channel = await world.connect()
    post = await world.due(
        channel, media=world.video(), settings=PUBLIC_PULL, caption="Stuck but live #x"
    )
    post = await world.c.publish_due_post()(post_id=post.id)
    assert post.publish_id is not None
    world.clock.advance(timedelta(hours=3))
    world.tiktok.script_status(
        PublishStatusReport(post.publish_id, TikTokPublishStatus.PROCESSING_DOWNLOAD)
    )
    # The video was made at publish time (before the clock moved): it is on the profile.
    done = await world.c.track_publish_status()(post_id=post.id)
    assert done.status is S.PUBLISHED and "FoundOnProfile" in [e.name for e in done.events]
