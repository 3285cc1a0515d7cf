"""Publishing a due post and tracking it to the end: exactly once, whatever fails."""

from __future__ import annotations

from datetime import timedelta

import attrs

from adapters.memory.tiktok import api_error
from application.errors import TikTokApiError
from domain.post_content import PostSettings, PrivacyLevel, PublishMethod, VideoSource
from domain.post_state import ManualReason, PostStatus, Tracking
from domain.publish_status import PublishStatusReport, TikTokPublishStatus
from domain.tiktok_errors import ErrorSource, classify
from tests.unit.application.world import ORG, World

S, TS = PostStatus, TikTokPublishStatus
PRIVATE = PostSettings(privacy_level=PrivacyLevel.SELF_ONLY)


async def publish(world: World, post_id: str):  # type: ignore[no-untyped-def]
    return await world.c.publish_due_post()(post_id=post_id)


async def publish_and_track(world: World, post_id: str):  # type: ignore[no-untyped-def]
    """The publisher's job, then the tracker's once its first check is due."""
    post = await publish(world, post_id)
    if post.status is S.PUBLISHING and post.next_attempt_at is not None:
        world.clock.set(max(world.clock.now(), post.next_attempt_at))
        post = await world.c.track_publish_status()(post_id=post_id)
    return post


async def test_a_video_is_uploaded_in_chunks_and_published_once(world: World) -> None:
    channel = await world.connect()
    post = await world.due(channel, media=world.video(size=25_000_000))
    sent: list[int] = []
    uploaded = await world.c.publish_due_post()(post_id=post.id, progress=sent.append)
    assert uploaded.status is S.PUBLISHING and uploaded.tracking is Tracking.PROCESSING
    done = await world.c.track_publish_status()(post_id=post.id)
    assert done.status is S.PUBLISHED and done.publish_id is not None
    (publication,) = world.tiktok.publications.values()
    stored_bytes = world.storage.objects[f"orgs/{ORG}/v/clip.mp4"][0]
    assert bytes(publication.uploaded) == stored_bytes  # every byte, in order
    assert publication.plan is not None and publication.plan.total_chunk_count == 2
    assert sent == [10_000_000, 25_000_000]
    assert len(world.tiktok.posted_videos("open-1")) == 1
    names = [e.name for e in (await world.post(post.id)).events]
    assert names.index("PublishIdRecorded") < names.index("UploadStarted")


async def test_publishing_again_never_posts_twice(world: World) -> None:
    channel = await world.connect()
    post = await world.due(channel, media=world.video())
    await publish_and_track(world, post.id)
    again = await publish_and_track(world, post.id)
    assert again.status is S.PUBLISHED
    assert len(world.tiktok.publications) == 1


async def test_pull_from_url_sends_a_signed_link(world: World) -> None:
    channel = await world.connect()
    settings = attrs.evolve(PRIVATE, video_source=VideoSource.PULL_FROM_URL)
    post = await world.due(channel, media=world.video(), settings=settings)
    done = await publish(world, post.id)
    (publication,) = world.tiktok.publications.values()
    assert publication.source is VideoSource.PULL_FROM_URL and publication.uploaded == b""
    assert done.status is S.PUBLISHING and done.next_attempt_at is not None
    tracked = await world.c.track_publish_status()(post_id=post.id)
    assert tracked.status is S.PUBLISHED


async def test_photo_carousel(world: World) -> None:
    channel = await world.connect()
    post = await world.due(channel, media=world.photos(3))
    await publish(world, post.id)
    done = await world.c.track_publish_status()(post_id=post.id)
    assert done.status is S.PUBLISHED and len(world.tiktok.posted_videos("open-1")) == 1


async def test_inbox_upload_waits_for_the_creator(world: World) -> None:
    channel = await world.connect()
    settings = PostSettings(publish_method=PublishMethod.INBOX)
    post = await world.due(channel, media=world.video(), settings=settings)
    await publish(world, post.id)
    tracked = await world.c.track_publish_status()(post_id=post.id)
    assert tracked.status is S.PUBLISHING and tracked.tracking is Tracking.SENT_TO_INBOX
    world.clock.advance(timedelta(days=8))
    lapsed = await world.c.track_publish_status()(post_id=post.id)
    assert lapsed.status is S.FAILED and lapsed.failure is not None
    assert lapsed.failure.code == "inbox_share_lapsed"


async def test_a_transient_init_error_defers_with_backoff(world: World) -> None:
    channel = await world.connect()
    post = await world.due(channel, media=world.video())
    world.tiktok.fail_next("init_video", api_error("internal_error", http_status=500))
    deferred = await publish(world, post.id)
    assert deferred.status is S.SCHEDULED and deferred.publish_id is None
    assert deferred.next_attempt_at == world.clock.now() + timedelta(seconds=5)
    assert deferred.failure is not None and deferred.failure.code == "internal_error"
    world.clock.advance(timedelta(seconds=5))
    done = await publish_and_track(world, post.id)
    assert done.status is S.PUBLISHED and done.attempts == 2


async def test_a_daily_cap_waits_a_day(world: World) -> None:
    channel = await world.connect()
    post = await world.due(channel, media=world.video())
    world.tiktok.fail_next("init_video", api_error("spam_risk_too_many_posts"))
    deferred = await publish(world, post.id)
    assert deferred.next_attempt_at == world.clock.now() + timedelta(hours=24)


async def test_an_unaudited_app_falls_back_to_manual(world: World) -> None:
    channel = await world.connect()
    post = await world.due(channel, media=world.video())
    world.tiktok.fail_next(
        "init_video", api_error("unaudited_client_can_only_post_to_private_accounts")
    )
    moved = await publish(world, post.id)
    assert moved.status is S.MANUAL_PENDING
    assert moved.manual_reason is ManualReason.TIKTOK_REFUSED_API


async def test_a_permanent_error_fails_with_a_message_a_user_can_act_on(world: World) -> None:
    channel = await world.connect()
    post = await world.due(channel, media=world.video())
    world.tiktok.fail_next("init_video", api_error("privacy_level_option_mismatch"))
    failed = await publish(world, post.id)
    assert failed.status is S.FAILED and failed.failure is not None
    assert failed.failure.spec.remedy and failed.failure.log_id


async def test_creator_gate_at_publish_time(world: World) -> None:
    channel = await world.connect()
    post = await world.due(channel, media=world.video())
    account = world.tiktok.accounts["open-1"]
    account.creator = attrs.evolve(account.creator, comment_disabled=True)
    failed = await publish(world, post.id)
    assert failed.status is S.FAILED and failed.failure is not None
    assert failed.failure.code == "creator_gate_failed"
    assert "disable_comment" in failed.failure.detail
    assert world.tiktok.publications == {}


async def test_the_creators_max_duration_is_checked_at_publish_time(world: World) -> None:
    channel = await world.connect()
    post = await world.due(channel, media=world.video())
    account = world.tiktok.accounts["open-1"]
    account.creator = attrs.evolve(account.creator, max_video_post_duration_sec=5)
    failed = await publish(world, post.id)
    assert failed.status is S.FAILED and failed.failure is not None
    assert failed.failure.code == "media_preflight_failed"
    assert "duration" in failed.failure.detail and "limit 5" in failed.failure.detail
    assert world.tiktok.publications == {}


async def test_an_expired_token_is_refreshed_and_the_attempt_deferred(world: World) -> None:
    channel = await world.connect()
    post = await world.due(channel, media=world.video())
    world.tiktok.fail_next("creator_info", api_error("access_token_invalid", http_status=401))
    world.clock.advance(timedelta(minutes=2))
    deferred = await publish(world, post.id)
    assert deferred.status is S.SCHEDULED and deferred.next_attempt_at == world.clock.now()
    refreshed = await world.channel(channel.id)
    assert refreshed.last_refreshed_at == world.clock.now()
    done = await publish_and_track(world, post.id)
    assert done.status is S.PUBLISHED


async def test_an_ambiguous_init_for_file_upload_is_safely_resent(world: World) -> None:
    channel = await world.connect()
    post = await world.due(channel, media=world.video())
    world.tiktok.fail_next(
        "init_video", TikTokApiError(classify(ErrorSource.CLIENT, "init_outcome_unknown"))
    )
    deferred = await publish(world, post.id)
    assert deferred.status is S.SCHEDULED  # no byte was sent: TikTok cannot have posted it
    done = await publish_and_track(world, post.id)
    assert done.status is S.PUBLISHED and len(world.tiktok.posted_videos("open-1")) == 1


async def test_an_ambiguous_init_for_pull_from_url_asks_a_person(world: World) -> None:
    channel = await world.connect()
    settings = attrs.evolve(PRIVATE, video_source=VideoSource.PULL_FROM_URL)
    post = await world.due(channel, media=world.video(), settings=settings)
    world.tiktok.fail_next(
        "init_video", TikTokApiError(classify(ErrorSource.CLIENT, "init_outcome_unknown"))
    )
    flagged = await publish(world, post.id)
    assert flagged.status is S.PUBLISHING and flagged.tracking is Tracking.UNCONFIRMED


async def test_a_failed_chunk_abandons_the_publish_id_and_retries(world: World) -> None:
    channel = await world.connect()
    post = await world.due(channel, media=world.video(size=25_000_000))
    world.tiktok.fail_next("upload", api_error("404", ErrorSource.UPLOAD, 404))
    deferred = await publish(world, post.id)
    assert deferred.status is S.SCHEDULED and deferred.publish_id is None
    assert "PublishIdAbandoned" in [e.name for e in deferred.events]
    world.clock.advance(timedelta(seconds=5))
    done = await publish_and_track(world, post.id)
    assert done.status is S.PUBLISHED and len(world.tiktok.posted_videos("open-1")) == 1


async def test_a_disconnected_channel_fails_the_post(world: World) -> None:
    channel = await world.connect()
    post = await world.due(channel, media=world.video())
    await world.c.disconnect_channel()(organisation_id=ORG, channel_id=channel.id)
    failed = await publish(world, post.id)
    assert failed.status is S.FAILED and failed.failure is not None
    assert failed.failure.code == "channel_not_connected"


async def test_attempts_are_capped(world: World) -> None:
    channel = await world.connect()
    post = await world.due(channel, media=world.video())
    for _ in range(8):
        world.tiktok.fail_next("init_video", api_error("internal_error"))
        post = await publish(world, post.id)
        world.clock.advance(timedelta(minutes=10))
    assert post.status is S.FAILED and post.failure is not None
    assert post.failure.code == "too_many_attempts" and post.attempts == 8


async def test_a_worker_that_died_mid_attempt_is_recovered_without_a_resend(world: World) -> None:
    channel = await world.connect()
    post = await world.due(channel, media=world.video())
    async with world.c.uow()() as uow:  # a worker started, recorded the id, then died
        current = await uow.posts.get(post.id)
        started = current.start_publishing(attempt=1, now=world.clock.now())
        await uow.posts.save(
            started.record_publish_id(publish_id="pub-lost", now=world.clock.now())
        )
        await uow.commit()
    recovered = await publish(world, post.id)
    assert recovered.status is S.PUBLISHING and recovered.publish_id == "pub-lost"
    assert recovered.next_attempt_at == world.clock.now()
    assert world.tiktok.publications == {}  # nothing re-sent


async def test_workers_dying_do_not_use_up_a_posts_attempts(world: World) -> None:
    channel = await world.connect()
    post = await world.due(channel, media=world.video())
    for n in range(12):  # twelve workers die before recording a publish id
        async with world.c.uow()() as uow:
            current = await uow.posts.get(post.id)
            await uow.posts.save(
                current.start_publishing(attempt=current.attempts + 1, now=world.clock.now())
            )
            await uow.commit()
        recovered = await publish(world, post.id)
        assert recovered.status is S.SCHEDULED, n
        assert recovered.failure is None or recovered.failure.code == "worker_interrupted"
    world.tiktok.fail_next(
        "init_video", TikTokApiError(classify(ErrorSource.CLIENT, "init_outcome_unknown"))
    )
    assert (await publish(world, post.id)).status is S.SCHEDULED  # a TikTok failure: 1 of 8
    done = await publish_and_track(world, post.id)
    assert done.status is S.PUBLISHED and done.attempts == 14
    assert len(world.tiktok.posted_videos("open-1")) == 1


async def test_a_full_rate_window_defers_to_its_opening_without_a_failure(world: World) -> None:
    channel = await world.connect()
    post = await world.due(channel, media=world.video())
    for _ in range(10):  # more than the attempts cap: none of these is a failure
        world.tiktok.fail_next(
            "init_video",
            TikTokApiError(classify(ErrorSource.CLIENT, "rate_window_full", retry_after_s=42.0)),
        )
        deferred = await publish(world, post.id)
        assert deferred.status is S.SCHEDULED
        assert deferred.next_attempt_at == world.clock.now() + timedelta(seconds=42)
        world.clock.advance(timedelta(seconds=42))
    done = await publish_and_track(world, post.id)
    assert done.status is S.PUBLISHED


async def test_a_post_whose_window_is_full_waits_unclaimed_without_an_attempt(world: World) -> None:
    channel = await world.connect()
    post = await world.due(channel, media=world.video())
    world.tiktok.window_wait_s = 30.0
    before = world.tiktok.calls["creator_info"]
    waiting = await publish(world, post.id)
    assert waiting.status is S.SCHEDULED and waiting.attempts == 0
    assert waiting.next_attempt_at == world.clock.now() + timedelta(seconds=27.5)  # lead
    assert world.tiktok.calls["creator_info"] == before  # nothing spent on a wait
    assert world.tiktok.calls["init_video"] == 0
    assert await world.c.run_publisher_pass()() is not None  # not due yet: nothing happens
    assert world.tiktok.calls["init_video"] == 0
    world.tiktok.window_wait_s = 0.0
    world.clock.advance(timedelta(seconds=30))
    done = await publish_and_track(world, post.id)
    assert done.status is S.PUBLISHED and done.attempts == 1


async def pulled_and_sent(world: World):  # type: ignore[no-untyped-def]
    """A PULL_FROM_URL post TikTok has accepted and is processing."""
    channel = await world.connect()
    settings = attrs.evolve(PRIVATE, video_source=VideoSource.PULL_FROM_URL)
    post = await world.due(channel, media=world.video(), settings=settings)
    post = await publish(world, post.id)
    assert post.publish_id is not None
    return post, post.publish_id


async def test_tracking_follows_tiktoks_status(world: World) -> None:
    post, pid = await pulled_and_sent(world)
    world.tiktok.script_status(
        PublishStatusReport(pid, TS.PROCESSING_DOWNLOAD),
        PublishStatusReport(pid, TS.FAILED, fail_reason="frame_rate_check_failed"),
    )
    track = world.c.track_publish_status()
    first = await track(post_id=post.id)
    assert first.status is S.PUBLISHING and first.next_attempt_at > world.clock.now()  # type: ignore[operator]
    second = await track(post_id=post.id)
    assert second.status is S.FAILED and second.failure is not None
    assert second.failure.code == "frame_rate_check_failed"


async def test_tracking_past_the_deadline_flags_and_alerts(world: World) -> None:
    post, pid = await pulled_and_sent(world)
    world.clock.advance(timedelta(hours=3))
    world.tiktok.script_status(PublishStatusReport(pid, TS.PROCESSING_DOWNLOAD))
    flagged = await world.c.track_publish_status()(post_id=post.id)
    assert flagged.tracking is Tracking.UNCONFIRMED
    assert "post_unconfirmed" in world.notifier.kinds()


async def test_an_upload_a_crashed_worker_left_half_done_is_restarted_safely(world: World) -> None:
    from application.ports.tiktok import VideoSourceSpec
    from domain.chunk_plan import plan_chunks

    channel = await world.connect()
    post = await world.due(channel, media=world.video(size=25_000_000))
    init = await world.tiktok.init_video(
        channel.access_token(),
        post=post,
        source=VideoSourceSpec(VideoSource.FILE_UPLOAD, plan_chunks(25_000_000)),
    )
    async with world.c.uow()() as uow:  # the worker recorded the id, began, then died
        current = await uow.posts.get(post.id)
        now = world.clock.now()
        current = (
            current.start_publishing(attempt=1, now=now)
            .record_publish_id(publish_id=init.publish_id, now=now)
            .begin_upload(now=now)
            .check_status_at(now)
        )
        await uow.posts.save(current)
        await uow.commit()
    tracked = await world.c.track_publish_status()(post_id=post.id)
    assert tracked.status is S.SCHEDULED and tracked.publish_id is None
    assert tracked.failure is not None and tracked.failure.code == "upload_interrupted"
    done = await publish_and_track(world, post.id)
    assert done.status is S.PUBLISHED and done.attempts == 2
    assert len(world.tiktok.posted_videos("open-1")) == 1
