"""What one status check does to a publishing post: TikTok's answer (or its error), an
interrupted upload, the deadlines, and the next check. Pure rules: the post, the check's
facts, ``now`` and the limits in; the new post out.

The deadline holds whatever the answers are: a post whose status checks keep failing is
flagged (or found on the profile) on time like any other.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import attrs

from domain.post_content import VideoMedia
from domain.post_events import PublishIdRecorded
from domain.post_state import PostStatus, Tracking
from domain.publish_status import PublishStatusReport, TikTokPublishStatus, apply_status_report
from domain.reconciliation import visible_on_profile
from domain.social_post import SocialPost
from domain.tiktok_errors import Category, ErrorSource, TikTokError, classify

POLL_START = timedelta(seconds=5)
POLL_CAP = timedelta(seconds=60)
DEADLINE = timedelta(hours=2)  # processing plus moderation; past it a person looks
INBOX_DEADLINE = timedelta(days=7)  # an unposted inbox draft is treated as lapsed after this


@attrs.frozen
class TrackingLimits:
    deadline: timedelta = DEADLINE
    inbox_deadline: timedelta = INBOX_DEADLINE


@attrs.frozen
class ProfileMatch:
    """The post, found among the creator's public videos."""

    tiktok_post_id: str
    share_url: str | None


@attrs.frozen
class StatusCheck:
    """What one visit learned: TikTok's report or error, the video's size when TikTok
    reports a partial upload, and the post if it was looked up on the profile."""

    report: PublishStatusReport | None = None
    error: TikTokError | None = None
    video_size: int | None = None
    found: ProfileMatch | None = None
    username: str = ""


def poll_delay(checks_so_far: int) -> timedelta:
    """About 5 s, doubling, up to 60 s."""
    delay: timedelta = POLL_START * (1 << min(checks_so_far, 8))
    return min(delay, POLL_CAP)


def tracking_started(post: SocialPost) -> datetime | None:
    """When TikTok took the current attempt (its publish id was recorded)."""
    return post.last_event_at(PublishIdRecorded)


def needs_video_size(post: SocialPost, report: PublishStatusReport | None) -> bool:
    """TikTok reports a partial upload: compare with the video's size."""
    return (
        report is not None
        and report.status is TikTokPublishStatus.PROCESSING_UPLOAD
        and report.uploaded_bytes is not None
        and isinstance(post.media, VideoMedia)
    )


def overdue(post: SocialPost, now: datetime, limits: TrackingLimits) -> bool:
    started = tracking_started(post)
    limit = limits.inbox_deadline if post.tracking is Tracking.SENT_TO_INBOX else limits.deadline
    return started is not None and now - started > limit


def needs_profile_search(
    post: SocialPost, check: StatusCheck, now: datetime, limits: TrackingLimits
) -> bool:
    """Past the deadline with no answer, the creator's public videos may show the post."""
    after = _after_answer(post, check, now)
    return (
        _tracked(after)
        and after.tracking not in (Tracking.SENT_TO_INBOX, Tracking.UNCONFIRMED)
        and overdue(after, now, limits)
        and visible_on_profile(after)
    )


def track(
    post: SocialPost, check: StatusCheck, now: datetime, limits: TrackingLimits = TrackingLimits()
) -> SocialPost:
    """The post after one status check."""
    post = _after_answer(post, check, now)
    if not _tracked(post):
        return post
    if not overdue(post, now, limits):
        if check.error is not None and _temporary(check.error):
            return post.check_status_at(now + POLL_CAP)
        started = tracking_started(post)
        return post.check_status_at(now + poll_delay(_checks_since(started, now)))
    if post.tracking is Tracking.SENT_TO_INBOX:
        lapsed = classify(
            ErrorSource.CLIENT,
            "inbox_share_lapsed",
            detail=f"not posted from the inbox within {limits.inbox_deadline}",
        )
        return post.mark_failed(error=lapsed, now=now)
    if check.found is not None:
        return post.found_on_profile(
            tiktok_post_id=check.found.tiktok_post_id, share_url=check.found.share_url, now=now
        )
    return post.flag_unconfirmed(now=now)


def _after_answer(post: SocialPost, check: StatusCheck, now: datetime) -> SocialPost:
    if not _tracked(post) or check.report is None:
        return post
    report = check.report
    if (
        needs_video_size(post, report)
        and check.video_size is not None
        and report.uploaded_bytes is not None
        and report.uploaded_bytes < check.video_size
    ):
        # Nobody is uploading (only unleased posts are tracked) and TikTok has fewer bytes
        # than the video: the final chunk never arrived, so nothing can be posted.
        post = post.abandon_publish_id(
            reason=f"upload stopped at {report.uploaded_bytes} bytes: TikTok cannot post it",
            now=now,
        )
        error = classify(ErrorSource.CLIENT, "upload_interrupted")
        return post.defer_attempt(error=error, retry_at=now, now=now)
    return apply_status_report(post, report, now=now, username=check.username)


def _tracked(post: SocialPost) -> bool:
    return post.status is PostStatus.PUBLISHING and post.publish_id is not None


def _temporary(error: TikTokError) -> bool:
    return error.retryable or error.category is Category.AMBIGUOUS


def _checks_since(started: datetime | None, now: datetime) -> int:
    if started is None:
        return 0
    elapsed = (now - started).total_seconds()
    checks, waited = 0, 0.0
    while waited < elapsed and checks < 16:
        waited += poll_delay(checks).total_seconds()
        checks += 1
    return checks
