"""Poll TikTok for a publishing post's status: the fallback when webhooks are late."""

from __future__ import annotations

from datetime import datetime, timedelta

import attrs

from application.errors import NotFound, TikTokApiError
from application.persist import save_post
from application.ports import (
    AdminAlert,
    Clock,
    Notifier,
    ObjectStorage,
    TikTokApi,
    TikTokVideo,
    UnitOfWorkFactory,
)
from application.profile_search import find_on_profile, last_event_at
from application.use_cases.reconcile_post import ReconcilePost
from domain.post_content import VideoMedia
from domain.post_events import PublishIdRecorded
from domain.post_state import PostStatus, Tracking
from domain.publish_status import PublishStatusReport, TikTokPublishStatus, apply_status_report
from domain.reconciliation import visible_on_profile
from domain.secret import Secret
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
    reconcile: ReconcilePost | None = None  # posts whose init answer was lost
    deadline: timedelta = DEADLINE
    inbox_deadline: timedelta = INBOX_DEADLINE

    async def __call__(self, *, post_id: str) -> SocialPost:
        async with self.uow() as uow:
            post = await uow.posts.get(post_id)
            channel = await uow.channels.get(post.channel_id)
        if (
            post.status is PostStatus.PUBLISHING
            and post.tracking is Tracking.RECONCILING
            and self.reconcile is not None
        ):
            return await self.reconcile(post_id=post.id)
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
                now=now,
            )
            return await self._store(
                post.defer_attempt(
                    error=classify(ErrorSource.CLIENT, "upload_interrupted"), retry_at=now, now=now
                )
            )
        if report is not None:
            post = apply_status_report(post, report, now=now, username=channel.username)
        if post.status is PostStatus.PUBLISHING and post.publish_id is not None:
            in_inbox = post.tracking is Tracking.SENT_TO_INBOX
            limit = self.inbox_deadline if in_inbox else self.deadline
            overdue = started is not None and now - started > limit
            if overdue and in_inbox:
                post = post.mark_failed(
                    error=classify(
                        ErrorSource.CLIENT,
                        "inbox_share_lapsed",
                        detail=f"not posted from the inbox within {limit}",
                    ),
                    now=now,
                )
            elif overdue and post.tracking is not Tracking.UNCONFIRMED:
                found = await self._on_profile(post, channel.access_token(), started)
                if found is not None:
                    return await self._store(
                        post.found_on_profile(
                            tiktok_post_id=found.id, share_url=found.share_url, now=now
                        )
                    )
                post = post.flag_unconfirmed(now=now)
                await self.notifier.notify(
                    AdminAlert(
                        "post_unconfirmed",
                        post.organisation_id,
                        post.id,
                        f"TikTok has not confirmed post {post.id} (publish id {post.publish_id}) "
                        f"after {limit}; check the profile",
                        now,
                    )
                )
            elif not overdue:
                post = post.check_status_at(now + poll_delay(_checks_since(started, now)))
        return await self._store(post)

    async def _on_profile(
        self, post: SocialPost, token: Secret, started: datetime | None
    ) -> TikTokVideo | None:
        """Past the deadline, the creator's public videos may still show the post."""
        if not visible_on_profile(post) or started is None:
            return None
        try:
            return await find_on_profile(self.tiktok, token, post, started)
        except TikTokApiError:
            return None

    async def _upload_interrupted(self, post: SocialPost, report: PublishStatusReport) -> bool:
        """Nobody is uploading (we only track unleased posts) and TikTok has fewer bytes
        than the video: the final chunk never arrived, so nothing can be posted."""
        if (
            self.storage is None
            or report.status is not TikTokPublishStatus.PROCESSING_UPLOAD
            or report.uploaded_bytes is None
            or not isinstance(post.media, VideoMedia)
        ):
            return False
        try:
            size = (await self.storage.head(post.media.key)).size
        except NotFound:
            return False
        return report.uploaded_bytes < size

    async def _store(self, post: SocialPost) -> SocialPost:
        return await save_post(self.uow, post)


def _attempt_started(post: SocialPost) -> datetime | None:
    return last_event_at(post, PublishIdRecorded)


def _checks_since(started: datetime | None, now: datetime) -> int:
    if started is None:
        return 0
    elapsed = (now - started).total_seconds()
    checks, waited = 0, 0.0
    while waited < elapsed and checks < 16:
        waited += poll_delay(checks).total_seconds()
        checks += 1
    return checks
