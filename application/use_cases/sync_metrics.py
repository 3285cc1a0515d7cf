"""Snapshot a channel's account stats (daily) and its public videos' counts, each video at
the cadence its age calls for: hourly in its first day, every 6 h in its first week, daily
to 30 days, weekly to 90 days, then no more."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import attrs

from application.ports import Clock, TikTokApi, UnitOfWorkFactory
from application.ports.tiktok import TikTokVideo
from application.tenancy import channel_scoped
from domain.channel import Channel
from domain.insights import VideoSnapshot, snapshot_cadence
from domain.metrics import AccountSnapshot
from domain.secret import Secret

MAX_PAGES = 500  # 10,000 videos
LOOKBACK = timedelta(days=91)  # snapshots stop at 90 days


ACCOUNT_EVERY = timedelta(days=1)


@attrs.frozen
class MetricsSynced:
    channel_id: str
    videos: int  # snapshots taken now
    account: AccountSnapshot
    not_due: int = 0  # videos seen whose next snapshot is not due yet
    account_stored: bool = True


@attrs.frozen
class SyncMetrics:
    uow: UnitOfWorkFactory
    tiktok: TikTokApi
    clock: Clock

    async def __call__(
        self,
        *,
        channel_id: str,
        organisation_id: str | None = None,
        with_account: bool = True,
        every_video: bool = False,
    ) -> MetricsSynced:
        """``every_video`` snapshots every listed video now, whatever its cadence says;
        ``with_account`` False leaves the account snapshot out (a videos-only sync)."""
        async with self.uow() as uow:
            channel = await channel_scoped(uow, channel_id, organisation_id)
        token = channel.access_token()
        now = self.clock.now()
        profile = await self.tiktok.user_info(token, scopes=channel.scopes)
        account = AccountSnapshot(
            channel.id,
            now,
            profile.follower_count,
            profile.following_count,
            profile.likes_count,
            profile.video_count,
        )
        videos = await self._all_videos(token)
        async with self.uow() as uow:
            earlier = await uow.metrics.video_snapshots(channel.id, since=now - LOOKBACK)
            accounts = await uow.metrics.account_snapshots(channel.id, since=now - ACCOUNT_EVERY)
        last_seen = {s.video_id: s.captured_at for s in earlier}  # oldest first: last wins
        snapshots = [
            _snapshot(channel, video, now)
            for video in videos
            if every_video or _due(video, last_seen.get(video.id), now)
        ]
        store_account = with_account and not accounts
        async with self.uow() as uow:
            if store_account:
                await uow.metrics.add_account_snapshot(account)
            await uow.metrics.add_video_snapshots(snapshots)
            await uow.commit()
        return MetricsSynced(
            channel.id, len(snapshots), account, len(videos) - len(snapshots), store_account
        )

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


def _due(video: TikTokVideo, last: datetime | None, now: datetime) -> bool:
    every = snapshot_cadence(now - datetime.fromtimestamp(video.create_time, UTC))
    if every is None:
        return False
    return last is None or now - last >= every


def _snapshot(channel: Channel, video: TikTokVideo, now: datetime) -> VideoSnapshot:
    return VideoSnapshot(
        channel_id=channel.id,
        video_id=video.id,
        published_at=datetime.fromtimestamp(video.create_time, UTC),
        captured_at=now,
        caption=video.video_description or video.title,
        views=video.view_count,
        likes=video.like_count,
        comments=video.comment_count,
        shares=video.share_count,
        duration_s=float(video.duration) if video.duration is not None else None,
    )
