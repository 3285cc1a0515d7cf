"""Poll TikTok for a publishing post's status: the fallback when webhooks are late.
The rules are in ``domain.tracking``; this gathers the facts with no transaction open."""

from __future__ import annotations

import contextlib

import attrs

from application.alerts import save_and_alert
from application.errors import NotFound, TikTokApiError
from application.ports import Clock, Notifier, ObjectStorage, TikTokApi, UnitOfWorkFactory
from application.profile_search import match_on_profile
from application.publish_init import channel_token
from application.use_cases.reconcile_post import ReconcilePost
from application.use_cases.refresh_channel_token import RefreshChannelToken
from domain import tracking as rules
from domain.channel import Channel
from domain.post_content import VideoMedia
from domain.post_state import PostStatus, Tracking
from domain.social_post import SocialPost
from domain.tiktok_errors import Category
from domain.tracking import ProfileMatch, StatusCheck, TrackingLimits


@attrs.frozen
class TrackPublishStatus:
    uow: UnitOfWorkFactory
    tiktok: TikTokApi
    clock: Clock
    notifier: Notifier
    storage: ObjectStorage | None = None  # to tell an interrupted upload from processing
    reconcile: ReconcilePost | None = None  # posts whose init answer was lost
    refresh: RefreshChannelToken | None = None  # a token TikTok calls invalid, on demand
    limits: TrackingLimits = attrs.Factory(TrackingLimits)

    async def __call__(self, *, post_id: str) -> SocialPost:
        async with self.uow() as uow:
            post = await uow.posts.get(post_id)
            channel = await uow.channels.get(post.channel_id)
        if post.status is PostStatus.PUBLISHING and post.tracking is Tracking.RECONCILING:
            return await self.reconcile(post_id=post.id) if self.reconcile else post
        if post.status is not PostStatus.PUBLISHING or post.publish_id is None:
            return post
        check = await self._ask(post, channel)
        now = self.clock.now()
        if rules.needs_profile_search(post, check, now, self.limits):
            check = attrs.evolve(check, found=await self._on_profile(post, channel))
        tracked = rules.track(post, check, now, self.limits)
        return await save_and_alert(self.uow, self.notifier, tracked, now)

    async def _ask(self, post: SocialPost, channel: Channel) -> StatusCheck:
        """TikTok's answer; a token it calls invalid is refreshed (under the channel's
        lock) and the question asked once more."""
        assert post.publish_id is not None
        try:
            try:
                report = await self.tiktok.fetch_status(channel_token(channel), post.publish_id)
            except TikTokApiError as exc:
                if exc.error.category is not Category.AUTH_REFRESHABLE or self.refresh is None:
                    raise
                channel = (await self.refresh(channel_id=channel.id, force=True)).channel
                report = await self.tiktok.fetch_status(channel_token(channel), post.publish_id)
        except TikTokApiError as exc:
            return StatusCheck(error=exc.error)
        check = StatusCheck(report=report, username=channel.username)
        if self.storage is None or not rules.needs_video_size(post, report):
            return check
        assert isinstance(post.media, VideoMedia)
        with contextlib.suppress(NotFound):
            check = attrs.evolve(check, video_size=(await self.storage.head(post.media.key)).size)
        return check

    async def _on_profile(self, post: SocialPost, channel: Channel) -> ProfileMatch | None:
        started = rules.tracking_started(post)
        with contextlib.suppress(TikTokApiError):
            if started is not None:
                return await match_on_profile(self.tiktok, channel_token(channel), post, started)
        return None
