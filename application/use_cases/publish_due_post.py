"""Publish one claimed, due post: gate, init, commit the publish id, then upload.
The rules (retries and their cap, inits in doubt, recovery, the token's window) are in
``domain.publishing``; this loads, calls TikTok and storage with no transaction open, and
saves each step under the version check."""

from __future__ import annotations

import contextlib

import attrs

from application.alerts import save_and_alert
from application.errors import TikTokApiError
from application.ports import Clock, Notifier, ProgressCallback, UnitOfWorkFactory
from application.publish_init import SendInit
from application.use_cases.refresh_channel_token import RefreshChannelToken
from domain import publishing as rules
from domain.channel import Channel, PublishingMode
from domain.post_state import PostStatus
from domain.publishing import PublishLimits
from domain.social_post import SocialPost
from domain.tiktok_errors import Category, TikTokError


@attrs.frozen
class PublishDuePost:
    uow: UnitOfWorkFactory
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
            return await self._store(rules.recover(post, now, self.limits))
        if not post.is_due(now):
            return post
        manual = channel.publishing_mode is PublishingMode.MANUAL
        api = post.manual_reason_for(channel_is_manual=manual) is None
        wait = await self.init.window_wait(post, channel) if api else 0.0
        post = await self._store(
            rules.begin_attempt(post, channel_is_manual=manual, window_wait_s=wait, now=now)
        )
        if post.status is not PostStatus.PUBLISHING:
            return post
        try:
            sent = await self.init(post, channel)
        except TikTokApiError as exc:
            return await self._settle(post, exc.error, channel)
        if sent.fault is not None:
            return await self._settle(post, sent.fault, channel)
        if sent.rejection is not None:
            return await self._store(post.mark_failed(error=sent.rejection, now=self.clock.now()))
        post = await self._store(sent.recorded(post, self.clock.now()))  # before any byte
        try:
            await self.init.upload(post, sent, progress)
        except TikTokApiError as exc:
            return await self._settle(post, exc.error, channel, uploading=True)
        return await self._store(rules.after_upload(post, self.clock.now(), self.limits))

    async def _settle(
        self, post: SocialPost, error: TikTokError, channel: Channel, *, uploading: bool = False
    ) -> SocialPost:
        if error.category is Category.AUTH_REFRESHABLE:
            with contextlib.suppress(TikTokApiError):  # the token worker tries again later
                await self.refresh(channel_id=channel.id, force=True)
        decide = rules.after_upload_error if uploading else rules.after_init_error
        return await self._store(decide(post, error, self.clock.now(), self.limits))

    async def _store(self, post: SocialPost) -> SocialPost:
        return await save_and_alert(self.uow, self.notifier, post, self.clock.now())
