"""Status reports (polled or by webhook) move a publishing post; stale ones change nothing."""

from __future__ import annotations

from datetime import timedelta

from domain.post_content import PostSettings, PublishMethod
from domain.post_state import PostStatus, Tracking
from domain.publish_status import PublishStatusReport, TikTokPublishStatus, apply_status_report
from domain.webhook import TikTokWebhookEvent
from tests.builders import LATER, post_in, video_post

S, TS = PostStatus, TikTokPublishStatus


def publishing(publish_id: str = "pub-1", **kw: object):  # type: ignore[no-untyped-def]
    return post_in(S.PUBLISHING, **kw).record_publish_id(publish_id=publish_id, now=LATER)  # type: ignore[arg-type]


def test_publish_complete_marks_published_with_share_url() -> None:
    post = apply_status_report(
        publishing(),
        PublishStatusReport("pub-1", TS.PUBLISH_COMPLETE, public_post_ids=("7123",)),
        now=LATER,
        username="brand",
    )
    assert post.status is S.PUBLISHED
    assert post.share_url == "https://www.tiktok.com/@brand/video/7123"


def test_a_later_public_id_is_added_to_a_published_post() -> None:
    done = apply_status_report(
        publishing(), PublishStatusReport("pub-1", TS.PUBLISH_COMPLETE), now=LATER
    )
    assert done.tiktok_post_ids == ()
    public = apply_status_report(
        done, PublishStatusReport("pub-1", TS.PUBLISH_COMPLETE, public_post_ids=("9",)), now=LATER
    )
    assert public.tiktok_post_ids == ("9",) and public.events[-1].name == "PostBecamePublic"


def test_reports_for_another_publish_id_change_nothing() -> None:
    post = publishing()
    for status in TS:
        assert apply_status_report(post, PublishStatusReport("other", status), now=LATER) == post
    done = apply_status_report(post, PublishStatusReport("pub-1", TS.PUBLISH_COMPLETE), now=LATER)
    stray = PublishStatusReport("other", TS.PUBLISH_COMPLETE, public_post_ids=("1",))
    assert apply_status_report(done, stray, now=LATER) == done


def test_processing_changes_nothing() -> None:
    post = publishing()
    assert (
        apply_status_report(post, PublishStatusReport("pub-1", TS.PROCESSING_UPLOAD), now=LATER)
        == post
    )


def test_a_permanent_failure_fails_the_post_with_the_fail_reason() -> None:
    post = apply_status_report(
        publishing(),
        PublishStatusReport("pub-1", TS.FAILED, fail_reason="duration_check_failed", log_id="L9"),
        now=LATER,
    )
    assert post.status is S.FAILED and post.publish_id is None
    assert post.failure is not None and post.failure.code == "duration_check_failed"
    assert post.failure.log_id == "L9"


def test_a_transient_failure_is_retried_later_without_the_old_publish_id() -> None:
    post = apply_status_report(
        publishing(), PublishStatusReport("pub-1", TS.FAILED, fail_reason="internal"), now=LATER
    )
    assert post.status is S.SCHEDULED and post.publish_id is None
    assert post.next_attempt_at == LATER + timedelta(seconds=5)


def test_inbox_delivery_sets_the_inbox_sub_state() -> None:
    inbox = video_post(settings=PostSettings(publish_method=PublishMethod.INBOX))
    post = apply_status_report(
        publishing(post=inbox), PublishStatusReport("pub-1", TS.SEND_TO_USER_INBOX), now=LATER
    )
    assert post.status is S.PUBLISHING and post.tracking is Tracking.SENT_TO_INBOX


def test_webhook_identity_is_stable_and_distinguishes_events() -> None:
    a = TikTokWebhookEvent("ck", "post.publish.complete", 1700000000, "u1", {"publish_id": "p"})
    again = TikTokWebhookEvent("ck", "post.publish.complete", 1700000000, "u1", {"publish_id": "p"})
    other = TikTokWebhookEvent(
        "ck", "post.publish.failed", 1700000000, "u1", {"publish_id": "p", "reason": "internal"}
    )
    assert a.identity == again.identity != other.identity


def test_webhook_status_reports() -> None:
    failed = TikTokWebhookEvent(
        "ck", "post.publish.failed", 1, "u", {"publish_id": "p", "reason": "spam_risk"}
    )
    report = failed.status_report()
    assert report is not None and (report.status, report.fail_reason) == (TS.FAILED, "spam_risk")
    public = TikTokWebhookEvent(
        "ck", "post.publish.publicly_available", 1, "u", {"publish_id": "p", "post_id": 42}
    )
    assert public.status_report().public_post_ids == ("42",)  # type: ignore[union-attr]
    removed = TikTokWebhookEvent("ck", "authorization.removed", 1, "u", {"reason": 1})
    assert removed.status_report() is None
    assert removed.removal_reason() == "the user disconnected the app in TikTok"
    assert (
        TikTokWebhookEvent("ck", "authorization.removed", 1, "u", {"reason": "x"}).removal_reason()
        == "unknown"
    )
