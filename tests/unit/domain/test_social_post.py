"""SocialPost operations: what each records, and the rules they enforce."""

from __future__ import annotations

from datetime import timedelta

import attrs
import pytest

from domain.errors import DomainError, RulesViolated
from domain.post_content import PostContent, PostSettings, PrivacyLevel, PublishMethod, VideoMedia
from domain.post_events import EVENT_TYPES
from domain.post_state import ManualReason, PostStatus, Tracking
from domain.social_post import PublishIdConflict
from domain.tiktok_errors import ErrorSource, classify
from tests.builders import LATER, T0, photo_post, post_in, video_post

S = PostStatus


def test_draft_records_who_and_when() -> None:
    post = video_post()
    assert post.status is S.DRAFT
    assert [e.name for e in post.events] == ["PostDrafted"]
    assert post.events[0].occurred_at == T0


def test_draft_requires_an_aware_now() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        video_post(now=T0.replace(tzinfo=None))


def test_photo_post_needs_photos() -> None:
    post = photo_post(keys=("a.jpg",))
    assert post.media is not None
    with pytest.raises(RulesViolated) as caught:
        photo_post(keys=tuple(f"{i}.jpg" for i in range(36)))
    assert caught.value.violations[0].field == "media.keys"


@pytest.mark.parametrize("status", [S.CLIENT_APPROVED, S.SCHEDULED])
def test_editing_an_approved_or_scheduled_post_voids_the_approval(status: PostStatus) -> None:
    post = post_in(status)
    edited = post.edit(content=PostContent(caption="changed"), now=LATER)
    assert edited.status is S.DRAFT
    assert edited.approved_by is None and edited.scheduled_at is None
    event = edited.events[-1]
    assert event.name == "PostEdited" and event.approval_voided  # type: ignore[attr-defined]
    assert event.fields == ("content",)  # type: ignore[attr-defined]


def test_approve_records_approver_and_time() -> None:
    post = video_post().approve(approved_by="client@acme", now=LATER)
    assert (post.approved_by, post.approved_at) == ("client@acme", LATER)


def test_approve_requires_an_approver() -> None:
    with pytest.raises(RulesViolated):
        video_post().approve(approved_by="", now=LATER)


def test_schedule_must_be_in_the_future() -> None:
    post = post_in(S.CLIENT_APPROVED)
    with pytest.raises(RulesViolated) as caught:
        post.schedule(at=LATER, now=LATER)
    assert caught.value.violations[0].code == "schedule_in_past"
    scheduled = post.schedule(at=LATER + timedelta(minutes=1), now=LATER)
    assert scheduled.next_attempt_at == LATER + timedelta(minutes=1)
    assert not scheduled.is_due(LATER) and scheduled.is_due(LATER + timedelta(minutes=1))


def test_schedule_refuses_a_post_without_video() -> None:
    post = post_in(S.CLIENT_APPROVED, post=video_post(media=None))
    with pytest.raises(RulesViolated) as caught:
        post.schedule(at=LATER + timedelta(hours=1), now=LATER)
    assert caught.value.violations[0].code == "api_publishing_impossible_no_video"
    assert post.manual_reason_for(channel_is_manual=False) is ManualReason.NO_VIDEO


def test_manual_reason_for_manual_channel_and_method() -> None:
    post = video_post()
    assert post.manual_reason_for(channel_is_manual=True) is ManualReason.MANUAL_CHANNEL
    manual = video_post(settings=PostSettings(publish_method=PublishMethod.MANUAL))
    assert manual.manual_reason_for(channel_is_manual=False) is ManualReason.MANUAL_CHANNEL
    assert post.manual_reason_for(channel_is_manual=False) is None


def test_publish_now_makes_the_post_due_immediately() -> None:
    post = post_in(S.CLIENT_APPROVED).publish_now(now=LATER)
    assert post.status is S.SCHEDULED and post.is_due(LATER)
    assert post.events[-1].name == "PublishRequested"


def test_start_publishing_requires_the_post_to_be_due() -> None:
    post = post_in(S.CLIENT_APPROVED).schedule(at=LATER + timedelta(hours=1), now=LATER)
    with pytest.raises(DomainError, match="not due"):
        post.start_publishing(attempt=1, now=LATER)


def test_publish_id_must_be_recorded_before_the_upload() -> None:
    post = post_in(S.PUBLISHING)
    with pytest.raises(RulesViolated) as caught:
        post.begin_upload(now=LATER)
    assert caught.value.violations[0].code == "publish_id_not_recorded"
    recorded = post.record_publish_id(publish_id="pub-1", now=LATER)
    assert recorded.tracking is Tracking.PROCESSING
    uploading = recorded.begin_upload(now=LATER)
    assert [e.name for e in uploading.events[-2:]] == ["PublishIdRecorded", "UploadStarted"]


def test_recording_the_same_publish_id_twice_is_idempotent_and_another_conflicts() -> None:
    post = post_in(S.PUBLISHING).record_publish_id(publish_id="pub-1", now=LATER)
    assert post.record_publish_id(publish_id="pub-1", now=LATER) == post
    with pytest.raises(PublishIdConflict):
        post.record_publish_id(publish_id="pub-2", now=LATER)


def test_a_post_holding_a_publish_id_is_never_deferred_for_a_resend() -> None:
    post = post_in(S.PUBLISHING).record_publish_id(publish_id="pub-1", now=LATER)
    with pytest.raises(DomainError, match="reconcile"):
        post.defer_attempt(
            error=classify(ErrorSource.API, "internal_error"), retry_at=LATER, now=LATER
        )


def test_mark_published_records_ids_and_url() -> None:
    post = post_in(S.PUBLISHING).record_publish_id(publish_id="p", now=LATER)
    done = post.mark_published(tiktok_post_ids=("7",), share_url="https://x/7", now=LATER)
    assert (done.status, done.tiktok_post_ids, done.share_url) == (
        S.PUBLISHED,
        ("7",),
        "https://x/7",
    )


def test_mark_failed_keeps_the_classified_error_in_the_event() -> None:
    error = classify(ErrorSource.API, "spam_risk_user_banned_from_posting", log_id="L1")
    failed = post_in(S.PUBLISHING).mark_failed(error=error, now=LATER)
    assert failed.failure == error
    event = failed.events[-1]
    assert (event.error_code, event.log_id, event.category) == (  # type: ignore[attr-defined]
        "spam_risk_user_banned_from_posting",
        "L1",
        "policy",
    )


def test_retry_schedules_again_and_abandons_an_old_publish_id() -> None:
    post = post_in(S.PUBLISHING).record_publish_id(publish_id="pub-1", now=LATER)
    failed = post.mark_failed(error=classify(ErrorSource.FAIL_REASON, "internal"), now=LATER)
    retried = failed.retry(now=LATER)
    assert retried.status is S.SCHEDULED and retried.publish_id is None
    assert retried.is_due(LATER)
    assert [e.name for e in retried.events[-2:]] == ["PublishIdAbandoned", "PostRetried"]


def test_an_ambiguous_failure_with_a_publish_id_needs_force() -> None:
    post = post_in(S.PUBLISHING).record_publish_id(publish_id="pub-1", now=LATER)
    failed = post.mark_failed(error=classify(ErrorSource.CLIENT, "publish_unconfirmed"), now=LATER)
    with pytest.raises(DomainError, match="may already be on TikTok"):
        failed.retry(now=LATER)
    assert failed.retry(now=LATER, force=True).status is S.SCHEDULED


def test_retry_at_a_later_time() -> None:
    failed = post_in(S.FAILED)
    when = LATER + timedelta(hours=3)
    retried = failed.retry(now=LATER, at=when)
    assert retried.next_attempt_at == when and not retried.is_due(LATER)


def test_move_to_manual_records_the_reason() -> None:
    moved = post_in(S.CLIENT_APPROVED).move_to_manual(
        reason=ManualReason.TIKTOK_REFUSED_API, now=LATER, detail="unaudited app"
    )
    assert moved.manual_reason is ManualReason.TIKTOK_REFUSED_API
    assert moved.events[-1].reason is ManualReason.TIKTOK_REFUSED_API  # type: ignore[attr-defined]


def test_mark_manually_published_needs_an_http_url() -> None:
    post = post_in(S.MANUAL_PENDING)
    with pytest.raises(RulesViolated):
        post.mark_manually_published(
            url="tiktok.com/x", account_username="b", marked_by="me", now=LATER
        )
    done = post.mark_manually_published(
        url="https://www.tiktok.com/@b/video/1", account_username="b", marked_by="me", now=LATER
    )
    assert done.status is S.PUBLISHED and done.share_url.endswith("/1")  # type: ignore[union-attr]


def test_inbox_posts_can_be_marked_sent_to_inbox() -> None:
    inbox = video_post(settings=PostSettings(publish_method=PublishMethod.INBOX))
    post = post_in(S.PUBLISHING, post=inbox).record_publish_id(publish_id="p", now=LATER)
    sent = post.mark_sent_to_inbox(now=LATER)
    assert sent.tracking is Tracking.SENT_TO_INBOX and sent.status is S.PUBLISHING
    assert sent.mark_sent_to_inbox(now=LATER) == sent


def test_direct_posts_cannot_be_marked_sent_to_inbox() -> None:
    post = post_in(S.PUBLISHING).record_publish_id(publish_id="p", now=LATER)
    with pytest.raises(DomainError):
        post.mark_sent_to_inbox(now=LATER)


def test_flag_unconfirmed_stops_status_checks() -> None:
    post = post_in(S.PUBLISHING).record_publish_id(publish_id="p", now=LATER)
    flagged = post.check_status_at(LATER).flag_unconfirmed(now=LATER)
    assert flagged.tracking is Tracking.UNCONFIRMED and flagged.next_attempt_at is None
    assert flagged.flag_unconfirmed(now=LATER) == flagged


def test_every_event_type_is_listed() -> None:
    names = {t.__name__ for t in EVENT_TYPES}
    assert {
        "PostDrafted",
        "PostApproved",
        "PostScheduled",
        "PublishingStarted",
        "PublishIdRecorded",
        "PostPublished",
        "PostFailed",
        "PostRetried",
        "PostMovedToManual",
        "PostManuallyPublished",
    } <= names


def test_operations_never_mutate_the_original() -> None:
    post = video_post()
    approved = post.approve(approved_by="c", now=LATER)
    assert post.status is S.DRAFT and approved is not post
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        post.status = S.PUBLISHED  # type: ignore[misc]


def test_privacy_can_be_left_unset_in_a_draft() -> None:
    post = video_post(settings=PostSettings())
    assert post.settings.privacy_level is None
    assert (
        video_post(
            settings=PostSettings(privacy_level=PrivacyLevel.PUBLIC_TO_EVERYONE)
        ).settings.privacy_level
        is PrivacyLevel.PUBLIC_TO_EVERYONE
    )


def test_a_video_post_may_lack_its_video_until_scheduled() -> None:
    post = video_post(media=None)
    with_video = post.edit(media=VideoMedia("v/new.mp4"), now=LATER)
    assert with_video.media == VideoMedia("v/new.mp4")


def test_a_partial_edit_keeps_what_it_does_not_name() -> None:
    from domain.post_content import PrivacyLevel
    from tests.builders import LATER, photo_post

    post = photo_post().approve(approved_by="client", now=LATER)
    revised = post.edit(
        now=LATER, description="New words #pics", privacy_level=PrivacyLevel.FOLLOWER_OF_CREATOR
    )
    assert revised.content.title == post.content.title == "Carousel"
    assert revised.content.description == "New words #pics"
    assert revised.settings.privacy_level is PrivacyLevel.FOLLOWER_OF_CREATOR
    assert revised.settings.disable_duet == post.settings.disable_duet
    assert revised.status.value == "draft" and revised.approved_by is None
    assert revised.events[-1].name == "PostEdited"
