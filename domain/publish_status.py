"""TikTok's publish status, and what each status report does to a post."""

from __future__ import annotations

import enum
from datetime import datetime

import attrs

from domain.post_content import PublishMethod
from domain.post_state import PostStatus
from domain.social_post import SocialPost
from domain.tiktok_errors import ErrorSource, classify, next_attempt_at


class TikTokPublishStatus(enum.StrEnum):
    PROCESSING_UPLOAD = "PROCESSING_UPLOAD"
    PROCESSING_DOWNLOAD = "PROCESSING_DOWNLOAD"
    SEND_TO_USER_INBOX = "SEND_TO_USER_INBOX"
    PUBLISH_COMPLETE = "PUBLISH_COMPLETE"
    FAILED = "FAILED"


FINAL = frozenset({TikTokPublishStatus.PUBLISH_COMPLETE, TikTokPublishStatus.FAILED})


@attrs.frozen
class PublishStatusReport:
    """One answer of status fetch (or the same facts carried by a webhook)."""

    publish_id: str
    status: TikTokPublishStatus
    fail_reason: str | None = None
    public_post_ids: tuple[str, ...] = ()
    uploaded_bytes: int | None = None
    downloaded_bytes: int | None = None
    log_id: str | None = None

    @property
    def final(self) -> bool:
        return self.status in FINAL


def share_url_for(username: str, post_id: str) -> str | None:
    return f"https://www.tiktok.com/@{username}/video/{post_id}" if username else None


def apply_status_report(
    post: SocialPost, report: PublishStatusReport, *, now: datetime, username: str = ""
) -> SocialPost:
    """Move a post by what TikTok says of its publish id. Stale or repeated reports change nothing."""
    if post.publish_id is None or report.publish_id != post.publish_id:
        return post
    if post.status is PostStatus.PUBLISHED:
        for post_id in report.public_post_ids:
            post = post.record_public_post(
                tiktok_post_id=post_id, share_url=share_url_for(username, post_id), now=now
            )
        return post
    if post.status is not PostStatus.PUBLISHING:
        return post
    if report.status is TikTokPublishStatus.PUBLISH_COMPLETE:
        first = report.public_post_ids[0] if report.public_post_ids else ""
        return post.mark_published(
            now=now,
            tiktok_post_ids=report.public_post_ids,
            share_url=share_url_for(username, first) if first else None,
        )
    if report.status is TikTokPublishStatus.SEND_TO_USER_INBOX:
        if post.settings.publish_method is PublishMethod.INBOX:
            return post.mark_sent_to_inbox(now=now)
        return post
    if report.status is TikTokPublishStatus.FAILED:
        error = classify(
            ErrorSource.FAIL_REASON, report.fail_reason or "unknown", log_id=report.log_id
        )
        post = post.abandon_publish_id(reason=f"TikTok reported FAILED ({error.code})", now=now)
        retry_at = next_attempt_at(error, now=now, attempt=post.attempts)
        if retry_at is not None:
            return post.defer_attempt(error=error, retry_at=retry_at, now=now)
        return post.mark_failed(error=error, now=now)
    return post
