"""Poll TikTok for a publishing post's status: the fallback when webhooks are late."""

from __future__ import annotations

from datetime import datetime, timedelta

import attrs

from application.errors import NotFound, TikTokApiError
from application.ports import (
    AdminAlert,
    Clock,
    Notifier,
    ObjectStorage,
    TikTokApi,
    UnitOfWorkFactory,
)
from domain.post_content import VideoMedia
from domain.post_events import PublishIdRecorded
from domain.post_state import PostStatus, Tracking
from domain.publish_status import PublishStatusReport, TikTokPublishStatus, apply_status_report
from domain.social_post import SocialPost
from domain.tiktok_errors import ErrorSource, classify

POLL_START = timedelta(seconds=5)
POLL_CAP = timedelta(seconds=60)
DEADLINE = timedelta(hours=2)  # processing plus moderation; past it a person looks
INBOX_DEADLINE = timedelta(days=7)  # an unposted inbox draft is treated as lapsed after this


def poll_delay(checks_so_far: int) -> timedelta:
    """About 5 s, doubling, up to 60 s."""
    delay: timedelta = POLL_START * (1 << min(checks_so_far, 8))
    return min(delay, POLL_CAP)


@attrs.frozen
class TrackPublishStatus:
    uow: UnitOfWorkFactory
    tiktok: TikTokApi
    clock: Clock
    notifier: Notifier
    storage: ObjectStorage | None = None  # to tell an interrupted upload from processing
    deadline: timedelta = DEADLINE
    inbox_deadline: timedelta = INBOX_DEADLINE

    async def __call__(self, *, post_id: str) -> SocialPost:
        async with self.uow() as uow:
            post = await uow.posts.get(post_id)
            channel = await uow.channels.get(post.channel_id)
        if post.status is not PostStatus.PUBLISHING or post.publish_id is None:
            return post
        now = self.clock.now()
        started = _attempt_started(post)
        try:
            report = await self.tiktok.fetch_status(channel.access_token(), post.publish_id)
        except TikTokApiError as exc:
            if exc.error.retryable or exc.ambiguous:
                return await self._store(post.check_status_at(now + POLL_CAP))
            report = None
        if report is not None and await self._upload_interrupted(post, report):
            post = post.abandon_publish_id(
                reason=f"upload stopped at {report.uploaded_bytes} bytes: TikTok cannot post it",
                now=now)
            return await self._store(post.defer_attempt(
                error=classify(ErrorSource.CLIENT, "upload_interrupted"), retry_at=now, now=now))
        if report is not None:
            post = apply_status_report(post, report, now=now, username=channel.username)
        if post.status is PostStatus.PUBLISHING and post.publish_id is not None:
            in_inbox = post.tracking is Tracking.SENT_TO_INBOX
            limit = self.inbox_deadline if in_inbox else self.deadline
            overdue = started is not None and now - started > limit
            if overdue and in_inbox:
                post = post.mark_failed(error=classify(
                    ErrorSource.CLIENT, "inbox_share_lapsed",
                    detail=f"not posted from the inbox within {limit}"), now=now)
            elif overdue and post.tracking is not Tracking.UNCONFIRMED:
                post = post.flag_unconfirmed(now=now)
                await self.notifier.notify(AdminAlert(
                    "post_unconfirmed", post.organisation_id, post.id,
                    f"TikTok has not confirmed post {post.id} (publish id {post.publish_id}) "
                    f"after {limit}; check the profile", now))
            elif not overdue:
                post = post.check_status_at(now + poll_delay(_checks_since(started, now)))
        return await self._store(post)

    async def _upload_interrupted(self, post: SocialPost, report: PublishStatusReport) -> bool:
        """Nobody is uploading (we only track unleased posts) and TikTok has fewer bytes
        than the video: the final chunk never arrived, so nothing can be posted."""
        if (self.storage is None or report.status is not TikTokPublishStatus.PROCESSING_UPLOAD
                or report.uploaded_bytes is None or not isinstance(post.media, VideoMedia)):
            return False
        try:
            size = (await self.storage.head(post.media.key)).size
        except NotFound:
            return False
        return report.uploaded_bytes < size

    async def _store(self, post: SocialPost) -> SocialPost:
        async with self.uow() as uow:
            saved = await uow.posts.save(post)
            await uow.commit()
        return saved


def _attempt_started(post: SocialPost) -> datetime | None:
    for event in reversed(post.events):
        if isinstance(event, PublishIdRecorded):
            return event.occurred_at
    return None


def _checks_since(started: datetime | None, now: datetime) -> int:
    if started is None:
        return 0
    elapsed = (now - started).total_seconds()
    checks, waited = 0, 0.0
    while waited < elapsed and checks < 16:
        waited += poll_delay(checks).total_seconds()
        checks += 1
    return checks
