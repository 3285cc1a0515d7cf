"""What the Accounts API told us of a channel, as stored: its connections, daily account
metrics of the last DAYS, the latest audience, each video's latest insights."""

from __future__ import annotations

from datetime import timedelta

import attrs

from application.business_access import business_connection
from application.ports import Clock, UnitOfWorkFactory
from domain.business_connection import BusinessConnection
from domain.business_insights import AccountDay, AudienceSnapshot, VideoInsight, latest_insights
from domain.insights import ANALYSIS_WINDOW


@attrs.frozen
class BusinessAnalyticsView:
    connection: BusinessConnection
    days: tuple[AccountDay, ...]
    audience: AudienceSnapshot | None
    videos: tuple[VideoInsight, ...]


@attrs.frozen
class BusinessAnalytics:
    uow: UnitOfWorkFactory
    clock: Clock

    async def __call__(
        self, *, organisation_id: str, channel_id: str, days: int = 30
    ) -> BusinessAnalyticsView:
        now = self.clock.now()
        async with self.uow() as uow:
            _, connection = await business_connection(uow, channel_id, organisation_id)
            stored = await uow.business_metrics.days(
                channel_id, since=(now - timedelta(days=days)).date()
            )
            audience = await uow.business_metrics.latest_audience(channel_id)
            videos = await uow.business_metrics.video_insights(
                channel_id, since=now - ANALYSIS_WINDOW
            )
        return BusinessAnalyticsView(
            connection, tuple(stored), audience, tuple(latest_insights(videos, now=now))
        )
