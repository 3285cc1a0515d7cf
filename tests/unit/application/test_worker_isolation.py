"""No single post or channel stops a worker's pass: its failure is recorded on it, the pass
goes on. Only a lost database ends a pass early (the worker's loop then backs off)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from application.errors import DatabaseUnavailable
from domain.channel import ChannelStatus
from domain.post_content import PostSettings, PrivacyLevel, VideoSource
from domain.post_state import PostStatus, Tracking
from domain.publish_status import PublishStatusReport, TikTokPublishStatus
from domain.social_post import SocialPost
from domain.webhook import TikTokWebhookEvent
from tests.unit.application.world import World

PULL = PostSettings(privacy_level=PrivacyLevel.SELF_ONLY, video_source=VideoSource.PULL_FROM_URL)


async def _processing(world: World, open_id: str, key: str) -> SocialPost:
    """A post TikTok accepted and keeps processing (its status stuck)."""
    channel = await world.connect(open_id=open_id)
    post = await world.due(channel, media=world.video(key=key), settings=PULL)
    sent = await world.c.publish_due_post()(post_id=post.id)
    assert sent.status is PostStatus.PUBLISHING and sent.publish_id is not None
    stuck = PublishStatusReport(sent.publish_id, TikTokPublishStatus.PROCESSING_DOWNLOAD)
    world.tiktok.script_status(*[stuck] * 50)
    return sent


async def _revoke(world: World, open_id: str) -> None:
    await world.c.handle_webhook_event()(
        TikTokWebhookEvent("ck", "authorization.removed", 1, open_id, {"reason": 1})
    )


class TestTrackerPass:
    async def test_a_revoked_channel_does_not_stop_the_pass_and_its_post_waits(
        self, world: World
    ) -> None:
        revoked = await _processing(world, "open-1", "v/a.mp4")
        other = await _processing(world, "open-2", "v/b.mp4")
        await _revoke(world, "open-1")
        assert (await world.channel(revoked.channel_id)).status is ChannelStatus.EXPIRED
        world.clock.advance(timedelta(seconds=10))
        result = await world.c.run_tracker_pass()()
        assert {p.id for p in result.posts} == {revoked.id, other.id}
        waiting = await world.post(revoked.id)
        assert waiting.status is PostStatus.PUBLISHING and waiting.tracking is not None
        assert waiting.next_attempt_at is not None
        assert waiting.next_attempt_at > world.clock.now()  # waits for the reconnection

    async def test_a_post_whose_channel_stays_revoked_is_flagged_for_a_person(
        self, world: World
    ) -> None:
        revoked = await _processing(world, "open-1", "v/a.mp4")
        await _revoke(world, "open-1")
        world.clock.advance(timedelta(hours=3))  # past the status deadline
        await world.c.run_tracker_pass()()
        flagged = await world.post(revoked.id)
        assert flagged.tracking is Tracking.UNCONFIRMED
        assert "post_unconfirmed" in world.notifier.kinds()

    async def test_an_unexpected_failure_is_recorded_on_its_post_and_the_pass_goes_on(
        self, world: World
    ) -> None:
        broken = await _processing(world, "open-1", "v/a.mp4")
        other = await _processing(world, "open-2", "v/b.mp4")
        world.tiktok.status_script[broken.publish_id or ""].clear()
        world.tiktok.fail_next("fetch_status", ValueError("'NEW_STATUS' is not a status"))  # type: ignore[arg-type]
        world.clock.advance(timedelta(seconds=10))
        result = await world.c.run_tracker_pass()()
        assert [p.id for p in result.posts] == [other.id]
        assert len(result.errors) == 1 and broken.id in result.errors[0]
        later = await world.post(broken.id)  # checked again later, not at once, not lost
        assert later.status is PostStatus.PUBLISHING
        assert later.next_attempt_at is not None and later.next_attempt_at > world.clock.now()

    async def test_a_lost_database_ends_the_pass_for_the_loop_to_back_off(
        self, world: World
    ) -> None:
        await _processing(world, "open-1", "v/a.mp4")
        world.tiktok.fail_next("fetch_status", DatabaseUnavailable("gone"))  # type: ignore[arg-type]
        world.clock.advance(timedelta(seconds=10))
        with pytest.raises(DatabaseUnavailable):
            await world.c.run_tracker_pass()()


class TestPublisherPass:
    async def test_an_unexpected_failure_of_one_post_does_not_stop_the_others(
        self, world: World
    ) -> None:
        first = await world.due(await world.connect(open_id="open-1"), media=world.video("v/a.mp4"))
        second = await world.due(
            await world.connect(open_id="open-2"), media=world.video("v/b.mp4")
        )
        world.tiktok.fail_next("creator_info", KeyError("privacy_level_options"))  # type: ignore[arg-type]
        result = await world.c.run_publisher_pass()()
        assert len(result.errors) == 1
        assert {p.id for p in result.posts} | {e.split(":")[0] for e in result.errors} == {
            first.id,
            second.id,
        }
        assert [p.status for p in result.posts] == [PostStatus.PUBLISHING]


class TestChannelRounds:
    async def test_one_failing_channel_does_not_stop_the_metrics_round(self, world: World) -> None:
        first = await world.connect(open_id="open-1")
        second = await world.connect(open_id="open-2")
        world.tiktok.fail_next("user_info", RuntimeError("malformed answer"))  # type: ignore[arg-type]
        result = await world.c.run_metrics_round()()
        assert len(result.failed) == 1 and len(result.done) == 1
        assert set(result.done) | {f.split(":")[0] for f in result.failed} == {
            first.id,
            second.id,
        }

    async def test_a_lost_database_ends_the_round(self, world: World) -> None:
        await world.connect(open_id="open-1")
        world.tiktok.fail_next("user_info", DatabaseUnavailable("gone"))  # type: ignore[arg-type]
        with pytest.raises(DatabaseUnavailable):
            await world.c.run_metrics_round()()
