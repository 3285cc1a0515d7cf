"""The publishing and tracking rules as pure functions: post, facts, now and limits in."""

from __future__ import annotations

from datetime import timedelta

from domain.post_content import PostSettings, PrivacyLevel, PublishMethod, VideoSource
from domain.post_state import PostStatus, Tracking
from domain.publish_status import PublishStatusReport, TikTokPublishStatus
from domain.publishing import (
    PublishLimits,
    after_init_error,
    after_upload_error,
    failed_attempts,
    recover,
    retry_or_fail,
)
from domain.social_post import SocialPost
from domain.tiktok_errors import ErrorSource, classify
from domain.tracking import (
    ProfileMatch,
    StatusCheck,
    TrackingLimits,
    needs_profile_search,
    track,
)
from tests.builders import LATER, T0, post_in, video_post

S = PostStatus
TRANSIENT = classify(ErrorSource.API, "internal_error")
LOST = classify(ErrorSource.CLIENT, "init_outcome_unknown")
PUBLIC_PULL = PostSettings(
    privacy_level=PrivacyLevel.PUBLIC_TO_EVERYONE, video_source=VideoSource.PULL_FROM_URL
)
SELF_PULL = PostSettings(
    privacy_level=PrivacyLevel.SELF_ONLY, video_source=VideoSource.PULL_FROM_URL
)


def publishing(settings: PostSettings | None = None) -> SocialPost:
    return post_in(S.PUBLISHING, post=video_post(settings=settings))


def tracked(settings: PostSettings | None = None) -> SocialPost:
    return publishing(settings).record_publish_id(publish_id="pub-1", now=T0)


class TestAttemptOutcomes:
    def test_a_temporary_error_is_retried_later(self) -> None:
        post = retry_or_fail(publishing(), TRANSIENT, LATER)
        assert post.status is S.SCHEDULED and post.next_attempt_at is not None
        assert post.next_attempt_at > LATER

    def test_the_attempts_cap_fails_the_post(self) -> None:
        post = retry_or_fail(publishing(), TRANSIENT, LATER, PublishLimits(max_attempts=1))
        assert post.status is S.FAILED and post.failure is not None
        assert post.failure.code == "too_many_attempts"

    def test_a_final_error_fails_at_once(self) -> None:
        error = classify(ErrorSource.API, "invalid_params")
        assert retry_or_fail(publishing(), error, LATER).status is S.FAILED

    def test_a_lost_init_answer_for_an_upload_is_sent_again(self) -> None:
        post = after_init_error(publishing(), LOST, LATER)
        assert post.status is S.SCHEDULED and post.next_attempt_at == LATER

    def test_a_lost_init_answer_for_a_public_pull_is_looked_for_on_the_profile(self) -> None:
        post = after_init_error(publishing(PUBLIC_PULL), LOST, LATER)
        assert post.status is S.PUBLISHING and post.tracking is Tracking.RECONCILING

    def test_a_lost_init_answer_for_a_private_pull_asks_a_person(self) -> None:
        post = after_init_error(publishing(SELF_PULL), LOST, LATER)
        assert post.tracking is Tracking.UNCONFIRMED

    def test_a_refusal_with_a_manual_way_out_goes_manual(self) -> None:
        refused = classify(ErrorSource.API, "app_version_check_failed")
        post = after_init_error(publishing(), refused, LATER)
        assert post.status is S.MANUAL_PENDING

    def test_an_upload_that_may_have_landed_is_left_to_the_status(self) -> None:
        post = after_upload_error(
            tracked(), classify(ErrorSource.CLIENT, "upload_outcome_unknown"), LATER
        )
        assert post.status is S.PUBLISHING and post.publish_id == "pub-1"

    def test_an_upload_that_failed_abandons_its_publish_id(self) -> None:
        post = after_upload_error(tracked(), TRANSIENT, LATER)
        assert post.status is S.SCHEDULED and post.publish_id is None

    def test_a_dead_workers_attempt_does_not_count(self) -> None:
        post = recover(publishing(), LATER)
        assert post.status is S.SCHEDULED
        assert failed_attempts(post) == 1
        assert recover(tracked(), LATER).publish_id == "pub-1"


class TestStatusChecks:
    def test_a_report_of_completion_publishes(self) -> None:
        report = PublishStatusReport("pub-1", TikTokPublishStatus.PUBLISH_COMPLETE, None, ("7",))
        assert track(tracked(), StatusCheck(report=report), LATER).status is S.PUBLISHED

    def test_a_partial_upload_nobody_continues_is_sent_again(self) -> None:
        report = PublishStatusReport(
            "pub-1", TikTokPublishStatus.PROCESSING_UPLOAD, uploaded_bytes=10
        )
        post = track(tracked(), StatusCheck(report=report, video_size=100), LATER)
        assert post.status is S.SCHEDULED and post.publish_id is None

    def test_the_deadline_holds_while_status_checks_keep_failing(self) -> None:
        late = T0 + timedelta(hours=3)
        post = track(tracked(), StatusCheck(error=TRANSIENT), late, TrackingLimits())
        assert post.tracking is Tracking.UNCONFIRMED

    def test_before_the_deadline_a_failing_check_is_asked_again(self) -> None:
        post = track(tracked(), StatusCheck(error=TRANSIENT), LATER - timedelta(minutes=59))
        assert post.tracking is Tracking.PROCESSING and post.next_attempt_at is not None

    def test_past_the_deadline_a_public_post_is_looked_for_and_found(self) -> None:
        post, late = (
            tracked(PostSettings(privacy_level=PrivacyLevel.PUBLIC_TO_EVERYONE)),
            T0 + timedelta(hours=3),
        )
        check = StatusCheck(error=TRANSIENT)
        assert needs_profile_search(post, check, late, TrackingLimits())
        found = StatusCheck(error=TRANSIENT, found=ProfileMatch("77", None))
        assert track(post, found, late).status is S.PUBLISHED

    def test_an_inbox_draft_lapses_after_its_own_deadline(self) -> None:
        inbox = PostSettings(
            privacy_level=PrivacyLevel.SELF_ONLY, publish_method=PublishMethod.INBOX
        )
        post = tracked(inbox).mark_sent_to_inbox(now=T0)
        assert track(post, StatusCheck(), T0 + timedelta(days=1)).status is S.PUBLISHING
        lapsed = track(post, StatusCheck(), T0 + timedelta(days=8))
        assert lapsed.status is S.FAILED and lapsed.failure is not None
        assert lapsed.failure.code == "inbox_share_lapsed"
