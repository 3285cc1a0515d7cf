"""What the outcome of a publishing attempt does to a post: retries and their cap, inits
in doubt, recovery after a worker died. Pure rules: the post, the error, ``now`` and the
limits in; the new post out.

Exactly-once rules:
- the publish id is committed before the first byte is uploaded (the use-case's order);
- an init is never re-sent for a post holding a publish id unless TikTok reported it
  FAILED, or its upload provably never completed (TikTok only posts after the final
  chunk's 201);
- an init whose outcome is unknown is only re-sent for FILE_UPLOAD (no bytes were sent,
  so nothing can be posted); otherwise the post is reconciled or a person confirms.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import attrs

from domain.post_content import PublishMethod, VideoMedia, VideoSource
from domain.post_events import PublishAttemptDeferred
from domain.post_state import ManualReason
from domain.reconciliation import visible_on_profile
from domain.social_post import SocialPost
from domain.tiktok_errors import Category, ErrorSource, TikTokError, classify, next_attempt_at

MAX_ATTEMPTS = 8
# A token's window opening later than WINDOW_PATIENCE_S: the post waits unclaimed, and is
# due again WINDOW_LEAD_S before the opening, so its checks are done when the slot frees
# (the client holds an init at most 5 s for a slot).
WINDOW_PATIENCE_S = 4.0
WINDOW_LEAD_S = 2.5
FIRST_STATUS_CHECK = timedelta(seconds=5)
# Deferrals that are no failure of the post: a worker died, or the token's window was full.
NOT_FAILURES = frozenset({"worker_interrupted", "rate_window_full"})


@attrs.frozen
class PublishLimits:
    max_attempts: int = MAX_ATTEMPTS
    first_status_check: timedelta = FIRST_STATUS_CHECK


def begin_attempt(
    post: SocialPost, *, channel_is_manual: bool, window_wait_s: float, now: datetime
) -> SocialPost:
    """A due post goes manual, waits for its token's window to open, or starts an attempt."""
    reason = post.manual_reason_for(channel_is_manual=channel_is_manual)
    if reason is not None:
        return post.move_to_manual(reason=reason, now=now)
    if window_wait_s > WINDOW_PATIENCE_S:  # nothing to send yet: due when the window opens
        return post.wait_for_rate_window(
            until=now + timedelta(seconds=window_wait_s - WINDOW_LEAD_S)
        )
    return post.start_publishing(attempt=post.attempts + 1, now=now)


def failed_attempts(post: SocialPost) -> int:
    """Attempts TikTok's answers ended (a worker that died does not count): the cap's
    measure, so crashes cannot exhaust a post's attempts."""
    return 1 + sum(
        1
        for e in post.events
        if isinstance(e, PublishAttemptDeferred) and e.error_code not in NOT_FAILURES
    )


def no_bytes_can_have_reached_tiktok(post: SocialPost) -> bool:
    """FILE_UPLOAD video: TikTok cannot post what was never uploaded."""
    return (
        isinstance(post.media, VideoMedia)
        and post.settings.video_source is VideoSource.FILE_UPLOAD
        and post.settings.publish_method is not PublishMethod.MANUAL
    )


def in_doubt(
    post: SocialPost, reason: str, now: datetime, limits: PublishLimits = PublishLimits()
) -> SocialPost:
    """TikTok may have the post: look for it on the profile where it can show, else ask a
    person. Never send the init again."""
    if visible_on_profile(post):
        check_at = now + limits.first_status_check
        return post.start_reconciling(reason=reason, check_at=check_at, now=now)
    return post.flag_unconfirmed(now=now)


def recover(post: SocialPost, now: datetime, limits: PublishLimits = PublishLimits()) -> SocialPost:
    """A worker died mid-attempt and its lease lapsed: decide without re-sending blindly."""
    if post.publish_id is not None:
        return post.check_status_at(now)  # the tracker reconciles with TikTok's status
    if no_bytes_can_have_reached_tiktok(post):
        error = classify(
            ErrorSource.CLIENT,
            "worker_interrupted",
            detail="worker stopped before recording a publish id",
        )
        return post.defer_attempt(error=error, retry_at=now, now=now)
    return in_doubt(post, "a worker stopped before recording the publish id", now, limits)


def retry_or_fail(
    post: SocialPost, error: TikTokError, now: datetime, limits: PublishLimits = PublishLimits()
) -> SocialPost:
    """Try again when the error allows it and the attempts are not used up; else fail."""
    retry_at = next_attempt_at(error, now=now, attempt=post.attempts)
    if retry_at is None:
        return post.mark_failed(error=error, now=now)
    if failed_attempts(post) >= limits.max_attempts:
        return post.mark_failed(
            error=classify(
                ErrorSource.CLIENT,
                "too_many_attempts",
                log_id=error.log_id,
                detail=f"last error: {error.describe()}",
            ),
            now=now,
        )
    return post.defer_attempt(error=error, retry_at=retry_at, now=now)


def after_init_error(
    post: SocialPost, error: TikTokError, now: datetime, limits: PublishLimits = PublishLimits()
) -> SocialPost:
    """An error before TikTok gave us a publish id."""
    if error.category is Category.AMBIGUOUS:
        if not no_bytes_can_have_reached_tiktok(post):
            return in_doubt(post, f"init answer lost ({error.code})", now, limits)
        if failed_attempts(post) < limits.max_attempts:  # safe to send again, within the cap
            return post.defer_attempt(error=error, retry_at=now, now=now)
        return retry_or_fail(post, error, now, limits)
    if error.spec.manual_fallback and not error.retryable:
        return post.move_to_manual(
            reason=ManualReason.TIKTOK_REFUSED_API, now=now, detail=error.describe()
        )
    return retry_or_fail(post, error, now, limits)


def after_upload_error(
    post: SocialPost, error: TikTokError, now: datetime, limits: PublishLimits = PublishLimits()
) -> SocialPost:
    """An upload failed after the publish id was recorded."""
    if error.category is Category.AMBIGUOUS:  # the final chunk may have landed: ask TikTok
        return post.check_status_at(now + limits.first_status_check)
    post = post.abandon_publish_id(reason=f"upload never completed ({error.code})", now=now)
    return after_init_error(post, error, now, limits)


def after_upload(
    post: SocialPost, now: datetime, limits: PublishLimits = PublishLimits()
) -> SocialPost:
    """Everything is with TikTok: the status tracker takes over."""
    return post.check_status_at(now + limits.first_status_check)
