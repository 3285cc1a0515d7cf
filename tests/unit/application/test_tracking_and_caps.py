"""Media faults retried (issue 13.5), tracking that does not stall (13.6) and caps that
do not surprise (13.7)."""

from __future__ import annotations

from datetime import timedelta

import attrs
import pytest

from adapters.memory.tiktok import api_error
from application.errors import CapReached, TikTokApiError
from domain.post_content import PostSettings, PrivacyLevel, PublishMethod, VideoMedia, VideoSource
from domain.post_state import PostStatus, Tracking
from domain.publish_status import PublishStatusReport, TikTokPublishStatus
from domain.tiktok_errors import ErrorSource, classify
from tests.unit.application.world import ORG, World

S, TS = PostStatus, TikTokPublishStatus
PRIVATE = PostSettings(privacy_level=PrivacyLevel.SELF_ONLY)
INBOX = PostSettings(publish_method=PublishMethod.INBOX)


async def pulled_and_sent(world: World):  # type: ignore[no-untyped-def]
    channel = await world.connect()
    settings = attrs.evolve(PRIVATE, video_source=VideoSource.PULL_FROM_URL)
    post = await world.due(channel, media=world.video(), settings=settings)
    post = await world.c.publish_due_post()(post_id=post.id)
    assert post.publish_id is not None
    return post, post.publish_id


class TestTrackingDoesNotStall:
    async def test_the_deadline_holds_while_every_status_check_fails(self, world: World) -> None:
        post, _ = await pulled_and_sent(world)
        world.clock.advance(timedelta(hours=3))
        world.tiktok.fail_next("fetch_status", api_error("internal_error", http_status=500))
        flagged = await world.c.track_publish_status()(post_id=post.id)
        assert flagged.tracking is Tracking.UNCONFIRMED
        assert "post_unconfirmed" in world.notifier.kinds()

    async def test_an_invalid_token_is_refreshed_and_the_status_asked_again(
        self, world: World
    ) -> None:
        post, pid = await pulled_and_sent(world)
        before = await world.channel(post.channel_id)
        world.clock.advance(timedelta(minutes=5))
        world.tiktok.fail_next("fetch_status", api_error("access_token_invalid", http_status=401))
        world.tiktok.script_status(PublishStatusReport(pid, TS.PUBLISH_COMPLETE))
        done = await world.c.track_publish_status()(post_id=post.id)
        assert done.status is S.PUBLISHED  # in the same visit, not the token worker's next round
        after = await world.channel(post.channel_id)
        assert after.last_refreshed_at != before.last_refreshed_at

    async def test_a_private_pull_whose_init_answer_was_lost_alerts_a_person(
        self, world: World
    ) -> None:
        channel = await world.connect()
        settings = attrs.evolve(PRIVATE, video_source=VideoSource.PULL_FROM_URL)
        post = await world.due(channel, media=world.video(), settings=settings)
        world.tiktok.fail_next(
            "init_video", TikTokApiError(classify(ErrorSource.CLIENT, "init_outcome_unknown"))
        )
        flagged = await world.c.publish_due_post()(post_id=post.id)
        assert flagged.tracking is Tracking.UNCONFIRMED
        assert world.notifier.kinds().count("post_unconfirmed") == 1

    async def test_the_app_wide_user_cap_alerts_once(self, world: World) -> None:
        channel = await world.connect()
        first = await world.due(channel, media=world.video("v/a.mp4"))
        second = await world.due(channel, media=world.video("v/b.mp4"))
        world.tiktok.fail_next(
            "init_video",
            api_error("reached_active_user_cap", http_status=403),
            api_error("reached_active_user_cap", http_status=403),
        )
        for post in (first, second):
            deferred = await world.c.publish_due_post()(post_id=post.id)
            assert deferred.status is S.SCHEDULED
        assert world.notifier.kinds().count("app_user_cap_reached") == 1


async def inbox_pending(world: World, count: int):  # type: ignore[no-untyped-def]
    channel = await world.connect()
    for i in range(count):
        post = await world.due(channel, media=world.video(f"v/{i}.mp4"), settings=INBOX)
        await world.c.publish_due_post()(post_id=post.id)
        sent = await world.c.track_publish_status()(post_id=post.id)
        assert sent.tracking is Tracking.SENT_TO_INBOX
    return channel


class TestCapsDoNotSurprise:
    async def test_validating_a_sixth_inbox_post_warns(self, world: World) -> None:
        channel = await inbox_pending(world, 5)
        sixth = await world.approved(channel, media=world.video("v/6.mp4"), settings=INBOX)
        report = await world.c.preflight_post()(organisation_id=ORG, post_id=sixth.id)
        assert report.ok
        assert [w.issue.code for w in report.warnings] == ["spam_risk_too_many_pending_share"]

    async def test_scheduling_a_sixth_inbox_post_warns(self, world: World) -> None:
        channel = await inbox_pending(world, 5)
        sixth = await world.approved(channel, media=world.video("v/6.mp4"), settings=INBOX)
        ready = await world.c.schedule_post()(
            organisation_id=ORG, post_id=sixth.id, at=world.clock.now() + timedelta(hours=1)
        )
        assert any("spam_risk_too_many_pending_share" in w for w in ready.warnings)

    async def test_a_fifth_inbox_post_does_not_warn(self, world: World) -> None:
        channel = await inbox_pending(world, 4)
        fifth = await world.approved(channel, media=world.video("v/5.mp4"), settings=INBOX)
        report = await world.c.preflight_post()(organisation_id=ORG, post_id=fifth.id)
        assert report.warnings == ()

    async def capped(self, world: World):  # type: ignore[no-untyped-def]
        channel = await world.connect()
        first = await world.due(channel, media=world.video("v/a.mp4"))
        world.tiktok.fail_next("init_video", api_error("reached_active_user_cap", http_status=403))
        deferred = await world.c.publish_due_post()(post_id=first.id)
        assert deferred.failure is not None
        return channel, deferred

    async def test_while_the_app_cap_holds_scheduling_warns_and_publishing_now_is_refused(
        self, world: World
    ) -> None:
        channel, _ = await self.capped(world)
        other = await world.approved(channel, media=world.video("v/b.mp4"))
        ready = await world.c.schedule_post()(
            organisation_id=ORG, post_id=other.id, at=world.clock.now() + timedelta(hours=1)
        )
        assert any("reached_active_user_cap" in w for w in ready.warnings)
        again = await world.approved(channel, media=world.video("v/c.mp4"))
        with pytest.raises(CapReached) as refused:
            await world.c.publish_post_now()(organisation_id=ORG, post_id=again.id)
        assert refused.value.code == "reached_active_user_cap"
        assert refused.value.until > world.clock.now()

    async def test_a_person_may_bring_a_capped_post_forward(self, world: World) -> None:
        _, deferred = await self.capped(world)
        assert deferred.next_attempt_at > world.clock.now()  # type: ignore[operator]
        retried = await world.c.retry_post()(organisation_id=ORG, post_id=deferred.id)
        assert retried.status is S.SCHEDULED and retried.is_due(world.clock.now())
        done = await world.c.publish_due_post()(post_id=deferred.id)
        assert done.status is S.PUBLISHING and done.attempts == 2


async def test_media_that_cannot_be_fetched_for_now_is_retried_not_failed(world: World) -> None:
    channel = await world.connect()
    post = await world.due(channel, media=world.video())
    assert isinstance(post.media, VideoMedia)
    world.probe.unreachable.add(post.media.key)
    deferred = await world.c.publish_due_post()(post_id=post.id)
    assert deferred.status is S.SCHEDULED and deferred.failure is not None
    assert deferred.failure.code == "media_fetch_failed" and deferred.failure.retryable
    assert deferred.next_attempt_at is not None and deferred.next_attempt_at > world.clock.now()
    world.probe.unreachable.clear()
    world.clock.set(deferred.next_attempt_at)
    sent = await world.c.publish_due_post()(post_id=post.id)
    assert sent.status is S.PUBLISHING and sent.publish_id is not None
