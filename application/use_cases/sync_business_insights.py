"""Snapshot what the Accounts API says of a channel's account: the daily metrics of the
last 60 days (TikTok keeps no more; each day replaces its earlier capture, since data lags
24-48 h), the audience (or why there is none), and every video's lifetime insights."""

from __future__ import annotations

from datetime import UTC, datetime

import attrs

from application.business_access import business_connection
from application.ports import Clock, UnitOfWorkFactory
from application.ports.business import BusinessAccount, BusinessApi, BusinessVideo, DayMetrics
from domain.business_connection import BusinessConnection, Capability
from domain.business_insights import (
    AccountDay,
    AudienceSnapshot,
    VideoInsight,
    day_window,
)
from domain.insights import ANALYSIS_WINDOW
from domain.secret import Secret

MAX_PAGES = 100  # 2,000 videos


@attrs.frozen
class BusinessInsightsSynced:
    channel_id: str
    days: int
    videos: int
    audience: AudienceSnapshot


@attrs.frozen
class SyncBusinessInsights:
    uow: UnitOfWorkFactory
    business: BusinessApi
    clock: Clock

    async def __call__(
        self, *, channel_id: str, organisation_id: str | None = None
    ) -> BusinessInsightsSynced:
        async with self.uow() as uow:
            _, connection = await business_connection(uow, channel_id, organisation_id)
        token = connection.access_token(Capability.ACCOUNT_INSIGHTS)
        now = self.clock.now()
        start, end = day_window(now)
        account = await self.business.account(
            token, business_id=connection.business_id, start=start, end=end
        )
        videos = await self._videos(connection, connection.access_token(Capability.VIDEO_INSIGHTS))
        days = [_day(channel_id, d, now) for d in account.days]
        audience = _audience(channel_id, account, now)
        insights = [
            _insight(channel_id, v, now)
            for v in videos
            if now - datetime.fromtimestamp(v.create_time, UTC) <= ANALYSIS_WINDOW
        ]
        async with self.uow() as uow:
            current = await uow.business_connections.get(connection.id)
            await uow.business_connections.save(
                current.with_profile(
                    username=account.username,
                    display_name=account.display_name,
                    is_business_account=account.is_business_account,
                    followers_count=account.followers_count,
                )
            )
            await uow.business_metrics.put_days(days)
            await uow.business_metrics.add_audience(audience)
            await uow.business_metrics.add_video_insights(insights)
            await uow.commit()
        return BusinessInsightsSynced(channel_id, len(days), len(insights), audience)

    async def _videos(self, connection: BusinessConnection, token: Secret) -> list[BusinessVideo]:
        videos: list[BusinessVideo] = []
        cursor: int | None = None
        for _ in range(MAX_PAGES):
            page = await self.business.list_videos(
                token, business_id=connection.business_id, cursor=cursor
            )
            videos += page.videos
            if not page.has_more or page.cursor is None:
                break
            cursor = page.cursor
        return list({v.item_id: v for v in videos}.values())


def _day(channel_id: str, d: DayMetrics, now: datetime) -> AccountDay:
    return AccountDay(
        channel_id,
        d.day,
        now,
        d.video_views,
        d.reach,
        d.profile_views,
        d.likes,
        d.comments,
        d.shares,
        d.followers_count,
        d.new_followers,
        d.lost_followers,
        d.audience_activity,
    )


def _audience(channel_id: str, account: BusinessAccount, now: datetime) -> AudienceSnapshot:
    if not (account.ages or account.genders or account.countries):
        return AudienceSnapshot.unavailable(
            channel_id,
            now,
            followers=account.followers_count,
            is_business=account.is_business_account,
        )
    return AudienceSnapshot(
        channel_id, now, True, "", account.ages, account.genders, account.countries
    )


def _insight(channel_id: str, v: BusinessVideo, now: datetime) -> VideoInsight:
    return VideoInsight(
        channel_id,
        v.item_id,
        now,
        datetime.fromtimestamp(v.create_time, UTC),
        v.caption,
        v.duration_s,
        v.views,
        v.likes,
        v.comments,
        v.shares,
        v.reach,
        v.total_time_watched_s,
        v.average_time_watched_s,
        v.full_video_watched_rate,
        v.new_followers,
        v.retention,
        v.impression_sources,
    )
