"""Poll TikTok for a publishing post's status: the fallback when webhooks are late.
The rules are in ``domain.tracking``; this gathers the facts with no transaction open."""

from __future__ import annotations

import contextlib
from datetime import timedelta

import attrs

from application.alerts import save_and_alert
from application.errors import NotFound, TikTokApiError
from application.ports import Clock, Notifier, ObjectStorage, TikTokApi, UnitOfWorkFactory
from application.profile_search import match_on_profile
from application.use_cases.reconcile_post import ReconcilePost
from application.use_cases.refresh_channel_token import RefreshChannelToken
from domain.channel import Channel, ChannelUnusable
from domain.post_content import VideoMedia
from domain.post_state import PostStatus, Tracking
from domain.social_post import SocialPost
from domain.tiktok_errors import Category, ErrorSource, classify
from domain.tracking import (
    DEADLINE,
    INBOX_DEADLINE,
    ProfileMatch,
    StatusCheck,
    TrackingLimits,
    needs_profile_search,
    needs_video_size,
    track,
    tracking_started,
)


@attrs.frozen
class TrackPublishStatus:
    uow: UnitOfWorkFactory
    tiktok: TikTokApi
    clock: Clock
    notifier: Notifier
    storage: ObjectStorage | None = None  # to tell an interrupted upload from processing
    reconcile: ReconcilePost | None = None  # posts whose init answer was lost
    refresh: RefreshChannelToken | None = None  # a token TikTok calls invalid, on demand
    deadline: timedelta = DEADLINE
    inbox_deadline: timedelta = INBOX_DEADLINE

    async def __call__(self, *, post_id: str) -> SocialPost:
        async with self.uow() as uow:
            post = await uow.posts.get(post_id)
            channel = await uow.channels.get(post.channel_id)
        if post.status is PostStatus.PUBLISHING and post.tracking is Tracking.RECONCILING:
            return await self.reconcile(post_id=post.id) if self.reconcile else post
        if post.status is not PostStatus.PUBLISHING or post.publish_id is None:
            return post
        check = await self._ask(post, channel)
        now, limits = self.clock.now(), TrackingLimits(self.deadline, self.inbox_deadline)
        if needs_profile_search(post, check, now, limits):
            check = attrs.evolve(check, found=await self._on_profile(post, channel))
        return await save_and_alert(self.uow, self.notifier, track(post, check, now, limits), now)

    async def _ask(self, post: SocialPost, channel: Channel) -> StatusCheck:
        """TikTok's answer; a token it calls invalid is refreshed (under the channel's
        lock) and the question asked once more."""
        assert post.publish_id is not None
        try:
            try:
                report = await self.tiktok.fetch_status(channel.access_token(), post.publish_id)
            except TikTokApiError as exc:
                if exc.error.category is not Category.AUTH_REFRESHABLE or self.refresh is None:
                    raise
                channel = (await self.refresh(channel_id=channel.id, force=True)).channel
                report = await self.tiktok.fetch_status(channel.access_token(), post.publish_id)
        except TikTokApiError as exc:
            return StatusCheck(error=exc.error)
        except ChannelUnusable as exc:
            return StatusCheck(
                error=classify(ErrorSource.CLIENT, "channel_not_connected", detail=str(exc))
            )
        check = StatusCheck(report=report, username=channel.username)
        if self.storage is None or not needs_video_size(post, report):
            return check
        assert isinstance(post.media, VideoMedia)
        with contextlib.suppress(NotFound):
            check = attrs.evolve(check, video_size=(await self.storage.head(post.media.key)).size)
        return check

    async def _on_profile(self, post: SocialPost, channel: Channel) -> ProfileMatch | None:
        started = tracking_started(post)
        with contextlib.suppress(TikTokApiError, ChannelUnusable):
            if started is not None:
                return await match_on_profile(self.tiktok, channel.access_token(), post, started)
        return None
