"""Publish one claimed, due post: gate, init, commit the publish id, then upload.
The rules (retries and their cap, inits in doubt, recovery) are in ``domain.publishing``;
this loads, calls TikTok and storage with no transaction open, and saves each step."""

from __future__ import annotations

import contextlib
from datetime import timedelta
from functools import partial

import attrs

from application.alerts import save_and_alert
from application.errors import TikTokApiError
from application.ports import (
    Clock,
    Notifier,
    ObjectStorage,
    ProgressCallback,
    TikTokApi,
    UnitOfWorkFactory,
)
from application.publish_init import SendInit, content_type_for
from application.use_cases.refresh_channel_token import RefreshChannelToken
from domain.channel import Channel, PublishingMode
from domain.post_content import VideoMedia
from domain.post_state import PostStatus
from domain.publishing import (
    PublishLimits,
    after_init_error,
    after_upload,
    after_upload_error,
    recover,
)
from domain.social_post import SocialPost
from domain.tiktok_errors import Category, TikTokError

# A token's window opening later than WINDOW_PATIENCE_S: the post waits unclaimed, and is
# due again WINDOW_LEAD_S before the opening, so its checks are done when the slot frees
# (the client holds an init at most 5 s for a slot).
WINDOW_PATIENCE_S = 4.0
WINDOW_LEAD_S = 2.5


@attrs.frozen
class PublishDuePost:
    uow: UnitOfWorkFactory
    tiktok: TikTokApi
    storage: ObjectStorage
    init: SendInit
    refresh: RefreshChannelToken
    clock: Clock
    notifier: Notifier
    limits: PublishLimits = attrs.Factory(PublishLimits)

    async def __call__(
        self, *, post_id: str, progress: ProgressCallback | None = None
    ) -> SocialPost:
        async with self.uow() as uow:
            post = await uow.posts.get(post_id)
            channel = await uow.channels.get(post.channel_id)
        now = self.clock.now()
        if post.status is PostStatus.PUBLISHING:  # a worker died mid-attempt
            return await self._store(recover(post, now, self.limits))
        if not post.is_due(now):
            return post
        post = await self._store(await self._begin(post, channel))  # the version check
        if post.status is not PostStatus.PUBLISHING:
            return post
        try:
            sent = await self.init(post, channel)
        except TikTokApiError as exc:
            return await self._settle(post, exc.error, channel)
        if sent.rejection is not None:
            return await self._store(post.mark_failed(error=sent.rejection, now=self.clock.now()))
        post = await self._store(sent.recorded(post, self.clock.now()))  # before any byte
        if sent.upload_url is not None and sent.spec is not None and sent.spec.plan is not None:
            assert isinstance(post.media, VideoMedia)
            try:
                await self.tiktok.upload(
                    sent.upload_url,
                    plan=sent.spec.plan,
                    read_range=partial(self.storage.read_range, post.media.key),
                    content_type=content_type_for(post.media.key),
                    progress=progress,
                )
            except TikTokApiError as exc:
                return await self._settle(post, exc.error, channel, uploading=True)
        return await self._store(after_upload(post, self.clock.now(), self.limits))

    async def _begin(self, post: SocialPost, channel: Channel) -> SocialPost:
        """Manual, waiting for the token's window, or the attempt starts."""
        now = self.clock.now()
        manual = channel.publishing_mode is PublishingMode.MANUAL
        reason = post.manual_reason_for(channel_is_manual=manual)
        if reason is not None:
            return post.move_to_manual(reason=reason, now=now)
        wait = await self.init.window_wait(post, channel)  # the limiter may need a connection
        if wait > WINDOW_PATIENCE_S:  # nothing to send yet: due when the window opens
            return post.wait_for_rate_window(until=now + timedelta(seconds=wait - WINDOW_LEAD_S))
        return post.start_publishing(attempt=post.attempts + 1, now=now)

    async def _settle(
        self, post: SocialPost, error: TikTokError, channel: Channel, *, uploading: bool = False
    ) -> SocialPost:
        if error.category is Category.AUTH_REFRESHABLE:
            with contextlib.suppress(TikTokApiError):  # the token worker tries again later
                await self.refresh(channel_id=channel.id, force=True)
        decide = after_upload_error if uploading else after_init_error
        return await self._store(decide(post, error, self.clock.now(), self.limits))

    async def _store(self, post: SocialPost) -> SocialPost:
        return await save_and_alert(self.uow, self.notifier, post, self.clock.now())
