"""The channel's videos as TikTok lists them, including ones not posted through us."""

from __future__ import annotations

import attrs

from application.ports import TikTokApi, UnitOfWorkFactory, VideoPage
from application.tenancy import channel_in_org

MAX_PAGE = 20  # TikTok's video.list max_count


@attrs.frozen
class ChannelVideos:
    page: VideoPage
    posted_as: dict[str, str]  # video id -> the post of ours it came from


@attrs.frozen
class ListChannelVideos:
    uow: UnitOfWorkFactory
    tiktok: TikTokApi

    async def __call__(
        self,
        *,
        organisation_id: str,
        channel_id: str,
        cursor: int | None = None,
        max_count: int = MAX_PAGE,
    ) -> ChannelVideos:
        async with self.uow() as uow:
            channel = await channel_in_org(uow, channel_id, organisation_id)
        page = await self.tiktok.list_videos(
            channel.access_token(), cursor=cursor, max_count=max(1, min(max_count, MAX_PAGE))
        )
        async with self.uow() as uow:
            ours = await uow.posts.posted_as(organisation_id, [v.id for v in page.videos])
        return ChannelVideos(page, ours)
