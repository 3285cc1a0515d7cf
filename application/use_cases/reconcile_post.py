"""An init whose answer was lost: find the post on the creator's profile, or, past the
window, flag it for a person. The init is never sent again."""

from __future__ import annotations

from datetime import timedelta

import attrs

from application.errors import TikTokApiError
from application.persist import save_post
from application.ports import AdminAlert, Clock, Notifier, TikTokApi, UnitOfWorkFactory
from application.profile_search import attempt_started, find_on_profile
from domain.post_state import PostStatus, Tracking
from domain.reconciliation import visible_on_profile
from domain.social_post import SocialPost

WINDOW = timedelta(minutes=30)  # download, processing and moderation of a pulled video
CHECK_EVERY = timedelta(seconds=30)


@attrs.frozen
class ReconcilePost:
    uow: UnitOfWorkFactory
    tiktok: TikTokApi
    clock: Clock
    notifier: Notifier
    window: timedelta = WINDOW

    async def __call__(self, *, post_id: str) -> SocialPost:
        async with self.uow() as uow:
            post = await uow.posts.get(post_id)
            channel = await uow.channels.get(post.channel_id)
        if post.status is not PostStatus.PUBLISHING or post.tracking is not Tracking.RECONCILING:
            return post
        now = self.clock.now()
        started = attempt_started(post) or post.created_at
        if visible_on_profile(post):
            try:
                video = await find_on_profile(self.tiktok, channel.access_token(), post, started)
            except TikTokApiError:
                video = None  # asked again at the next check, inside the window
            if video is not None:
                return await self._store(
                    post.found_on_profile(
                        tiktok_post_id=video.id, share_url=video.share_url, now=now
                    )
                )
        if visible_on_profile(post) and now - started <= self.window:
            return await self._store(
                post.start_reconciling(reason="still looking", check_at=now + CHECK_EVERY, now=now)
            )
        post = await self._store(post.flag_unconfirmed(now=now))
        where = (
            "it is not on the creator's public profile"
            if visible_on_profile(post)
            else "only public Direct Posts can be looked up"
        )
        await self.notifier.notify(
            AdminAlert(
                "post_unconfirmed",
                post.organisation_id,
                post.id,
                f"TikTok's answer to post {post.id}'s publish request was lost and {where}; "
                "check the TikTok profile before publishing it again",
                now,
            )
        )
        return post

    async def _store(self, post: SocialPost) -> SocialPost:
        return await save_post(self.uow, post)
