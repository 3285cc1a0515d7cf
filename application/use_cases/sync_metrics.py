"""Snapshot a channel's account stats and every public video's counts."""

from __future__ import annotations

from datetime import UTC, datetime

import attrs

from application.ports import Clock, TikTokApi, UnitOfWorkFactory
from application.ports.tiktok import TikTokVideo
from domain.channel import Channel
from domain.insights import VideoSnapshot
from domain.metrics import AccountSnapshot
from domain.secret import Secret

MAX_PAGES = 500  # 10,000 videos


@attrs.frozen
class MetricsSynced:
    channel_id: str
    videos: int
    account: AccountSnapshot


@attrs.frozen
class SyncMetrics:
    uow: UnitOfWorkFactory
    tiktok: TikTokApi
    clock: Clock

    async def __call__(self, *, channel_id: str) -> MetricsSynced:
        async with self.uow() as uow:
            channel = await uow.channels.get(channel_id)
        token = channel.access_token()
        now = self.clock.now()
        profile = await self.tiktok.user_info(token, scopes=channel.scopes)
        account = AccountSnapshot(channel.id, now, profile.follower_count,
                                  profile.following_count, profile.likes_count, profile.video_count)
        videos = await self._all_videos(token)
        snapshots = [_snapshot(channel, video, now) for video in videos]
        async with self.uow() as uow:
            await uow.metrics.add_account_snapshot(account)
            await uow.metrics.add_video_snapshots(snapshots)
            await uow.commit()
        return MetricsSynced(channel.id, len(snapshots), account)

    async def _all_videos(self, token: Secret) -> list[TikTokVideo]:
        videos: list[TikTokVideo] = []
        cursor: int | None = None
        for _ in range(MAX_PAGES):
            page = await self.tiktok.list_videos(token, cursor=cursor)
            videos += page.videos
            if not page.has_more:
                break
            cursor = page.cursor
        return videos


def _snapshot(channel: Channel, video: TikTokVideo, now: datetime) -> VideoSnapshot:
    return VideoSnapshot(
        channel_id=channel.id, video_id=video.id,
        published_at=datetime.fromtimestamp(video.create_time, UTC), captured_at=now,
        caption=video.video_description or video.title, views=video.view_count,
        likes=video.like_count, comments=video.comment_count, shares=video.share_count,
        duration_s=float(video.duration) if video.duration is not None else None,
    )

