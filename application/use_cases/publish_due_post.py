"""Publish one claimed, due post: gate, init, commit the publish id, then upload.

Exactly-once rules:
- the publish id is committed before the first byte is uploaded;
- an init is never re-sent for a post holding a publish id unless TikTok reported it
  FAILED, or its upload provably never completed (TikTok only posts after the final
  chunk's 201);
- an init whose outcome is unknown is only re-sent for FILE_UPLOAD (no bytes were
  sent, so nothing can be posted); otherwise a person is asked to confirm.
"""

from __future__ import annotations

import contextlib
from datetime import datetime, timedelta
from functools import partial

import attrs

from application.errors import TikTokApiError
from application.persist import save_post
from application.ports import Clock, ObjectStorage, ProgressCallback, TikTokApi, UnitOfWorkFactory
from application.ports.tiktok import InitResult, VideoSourceSpec
from application.use_cases.refresh_channel_token import RefreshChannelToken
from application.use_cases.validate_post import PreflightReport, ValidatePost
from domain.channel import Channel, ChannelUnusable, PublishingMode
from domain.chunk_plan import DEFAULT_CHUNK, plan_chunks
from domain.post_content import PhotoMedia, PublishMethod, VideoMedia, VideoSource
from domain.post_events import PublishAttemptDeferred
from domain.post_state import ManualReason, PostStatus
from domain.reconciliation import visible_on_profile
from domain.secret import Secret
from domain.social_post import SocialPost
from domain.tiktok_errors import (
    Category,
    ErrorSource,
    TikTokError,
    classify,
    next_attempt_at,
)

MEDIA_URL_LIFETIME = timedelta(hours=1)
FIRST_STATUS_CHECK = timedelta(seconds=5)
MAX_ATTEMPTS = 8
# A token's window opening later than WINDOW_PATIENCE_S: the post waits unclaimed, and is
# due again WINDOW_LEAD_S before the opening, so its checks are done when the slot frees
# (the client holds an init at most 5 s for a slot).
WINDOW_PATIENCE_S = 4.0
WINDOW_LEAD_S = 2.5
# Deferrals that are no failure of the post: a worker died, or the token's window was full.
NOT_FAILURES = frozenset({"worker_interrupted", "rate_window_full"})
CONTENT_TYPES = {".mp4": "video/mp4", ".mov": "video/quicktime", ".webm": "video/webm"}


def content_type_for(key: str) -> str:
    return next((t for ext, t in CONTENT_TYPES.items() if key.lower().endswith(ext)), "video/mp4")


@attrs.frozen
class PublishDuePost:
    uow: UnitOfWorkFactory
    tiktok: TikTokApi
    storage: ObjectStorage
    validate: ValidatePost
    refresh: RefreshChannelToken
    clock: Clock
    preferred_chunk_size: int = DEFAULT_CHUNK
    max_attempts: int = MAX_ATTEMPTS

    async def __call__(
        self, *, post_id: str, progress: ProgressCallback | None = None
    ) -> SocialPost:
        async with self.uow() as uow:
            post = await uow.posts.get(post_id)
            channel = await uow.channels.get(post.channel_id)
            now = self.clock.now()
            if post.status is PostStatus.PUBLISHING:
                post = await uow.posts.save(self._recover(post, now))
                await uow.commit()
                return post
        if not post.is_due(now):
            return post
        reason = post.manual_reason_for(
            channel_is_manual=channel.publishing_mode is PublishingMode.MANUAL
        )
        # Asked outside the transaction: the limiter may need a connection of its own.
        wait = 0.0 if reason is not None else await self._window_wait(post, channel)
        if reason is not None:
            post = post.move_to_manual(reason=reason, now=now)
        elif wait > WINDOW_PATIENCE_S:  # nothing to send yet: due when the window opens
            post = post.wait_for_rate_window(until=now + timedelta(seconds=wait - WINDOW_LEAD_S))
        else:
            post = post.start_publishing(attempt=post.attempts + 1, now=now)
        post = await self._store(post)  # the version check stops a concurrent change
        if post.status is not PostStatus.PUBLISHING:
            return post
        try:
            token = channel.access_token()
        except ChannelUnusable as exc:
            return await self._settle(
                post,
                TikTokApiError(
                    classify(ErrorSource.CLIENT, "channel_not_connected", detail=str(exc))
                ),
                channel,
            )
        try:
            spec, result = await self._gate_and_init(post, token)
        except TikTokApiError as exc:
            return await self._settle(post, exc, channel)
        except _Rejected as rejected:
            return await self._store(post.mark_failed(error=rejected.error, now=self.clock.now()))
        post = post.record_publish_id(publish_id=result.publish_id, now=self.clock.now())
        if result.upload_url is not None:
            post = post.begin_upload(now=self.clock.now())
        post = await self._store(post)  # committed before the first byte goes out
        if result.upload_url is not None and spec.plan is not None:
            assert isinstance(post.media, VideoMedia)
            try:
                await self.tiktok.upload(
                    result.upload_url,
                    plan=spec.plan,
                    read_range=partial(self.storage.read_range, post.media.key),
                    content_type=content_type_for(post.media.key),
                    progress=progress,
                )
            except TikTokApiError as exc:
                return await self._upload_failed(post, exc, channel)
        return await self._store(post.check_status_at(self.clock.now() + FIRST_STATUS_CHECK))

    # ---- steps ------------------------------------------------------------------

    async def _window_wait(self, post: SocialPost, channel: Channel) -> float:
        try:
            return await self.tiktok.init_wait_s(channel.access_token(), post=post)
        except ChannelUnusable:
            return 0.0  # the attempt reports the channel's state

    async def _gate_and_init(
        self, post: SocialPost, token: Secret
    ) -> tuple[VideoSourceSpec, InitResult]:
        creator = await self.tiktok.creator_info(token)
        report = await self.validate(post, creator)
        if report.errors:
            raise _Rejected(_rejection(report))
        if isinstance(post.media, PhotoMedia):
            urls = [
                await self.storage.presigned_url(k, MEDIA_URL_LIFETIME) for k in post.media.keys
            ]
            return VideoSourceSpec(VideoSource.PULL_FROM_URL), await self.tiktok.init_photos(
                token, post=post, photo_urls=urls
            )
        assert isinstance(post.media, VideoMedia)
        if post.settings.video_source is VideoSource.PULL_FROM_URL:
            url = await self.storage.presigned_url(post.media.key, MEDIA_URL_LIFETIME)
            spec = VideoSourceSpec(VideoSource.PULL_FROM_URL, video_url=url)
        else:
            info = await self.storage.head(post.media.key)
            spec = VideoSourceSpec(
                VideoSource.FILE_UPLOAD, plan=plan_chunks(info.size, self.preferred_chunk_size)
            )
        return spec, await self.tiktok.init_video(token, post=post, source=spec)

    def _recover(self, post: SocialPost, now: datetime) -> SocialPost:
        """A worker died mid-attempt and its lease lapsed: decide without re-sending blindly."""
        if post.publish_id is not None:
            return post.check_status_at(now)  # the tracker reconciles with TikTok's status
        if _no_bytes_can_have_reached_tiktok(post):
            error = classify(
                ErrorSource.CLIENT,
                "worker_interrupted",
                detail="worker stopped before recording a publish id",
            )
            return post.defer_attempt(error=error, retry_at=now, now=now)
        return _in_doubt(post, "a worker stopped before recording the publish id", now)

    async def _settle(self, post: SocialPost, exc: TikTokApiError, channel: Channel) -> SocialPost:
        """An error before TikTok gave us a publish id."""
        now, error = self.clock.now(), exc.error
        if exc.ambiguous:
            if _no_bytes_can_have_reached_tiktok(post):  # safe to send again, within the cap
                if failed_attempts(post) >= self.max_attempts:
                    return await self._store(self._retry_or_fail(post, error, now))
                return await self._store(post.defer_attempt(error=error, retry_at=now, now=now))
            return await self._store(_in_doubt(post, f"init answer lost ({error.code})", now))
        if error.spec.manual_fallback and not error.retryable:
            return await self._store(
                post.move_to_manual(
                    reason=ManualReason.TIKTOK_REFUSED_API, now=now, detail=error.describe()
                )
            )
        if error.category is Category.AUTH_REFRESHABLE:
            with contextlib.suppress(TikTokApiError):  # the token worker tries again later
                await self.refresh(channel_id=channel.id, force=True)
        return await self._store(self._retry_or_fail(post, error, now))

    async def _upload_failed(
        self, post: SocialPost, exc: TikTokApiError, channel: Channel
    ) -> SocialPost:
        now = self.clock.now()
        if exc.ambiguous:  # the final chunk may have landed: let the status tell
            return await self._store(post.check_status_at(now + FIRST_STATUS_CHECK))
        post = post.abandon_publish_id(reason=f"upload never completed ({exc.error.code})", now=now)
        return await self._settle(post, exc, channel)

    def _retry_or_fail(self, post: SocialPost, error: TikTokError, now: datetime) -> SocialPost:
        retry_at = next_attempt_at(error, now=now, attempt=post.attempts)
        if retry_at is None:
            return post.mark_failed(error=error, now=now)
        if failed_attempts(post) >= self.max_attempts:
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

    async def _store(self, post: SocialPost) -> SocialPost:
        return await save_post(self.uow, post)


class _Rejected(Exception):
    def __init__(self, error: TikTokError) -> None:
        self.error = error


def _rejection(report: PreflightReport) -> TikTokError:
    gate = any(not i.file for i in report.errors)
    code = "creator_gate_failed" if gate else "media_preflight_failed"
    detail = "; ".join(i.describe() for i in report.errors)
    return classify(ErrorSource.CLIENT, code, detail=detail)


def failed_attempts(post: SocialPost) -> int:
    """Attempts TikTok's answers ended (a worker that died does not count): the cap's
    measure, so crashes cannot exhaust a post's attempts."""
    return 1 + sum(
        1
        for e in post.events
        if isinstance(e, PublishAttemptDeferred) and e.error_code not in NOT_FAILURES
    )


def _in_doubt(post: SocialPost, reason: str, now: datetime) -> SocialPost:
    """TikTok may have the post: look for it on the profile where it can show, else ask a
    person. Never send the init again."""
    if visible_on_profile(post):
        return post.start_reconciling(reason=reason, check_at=now + FIRST_STATUS_CHECK, now=now)
    return post.flag_unconfirmed(now=now)


def _no_bytes_can_have_reached_tiktok(post: SocialPost) -> bool:
    """FILE_UPLOAD video: TikTok cannot post what was never uploaded."""
    return (
        isinstance(post.media, VideoMedia)
        and post.settings.video_source is VideoSource.FILE_UPLOAD
        and post.settings.publish_method is not PublishMethod.MANUAL
    )
