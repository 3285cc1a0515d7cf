"""Compute and store a channel's weekly insight from its metric snapshots: the Display
API's counts, and where the channel has an Accounts API connection, its real completion
rates, watch time, reach, traffic sources and the audience's active hours."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import attrs

from application.ports import Clock, UnitOfWork, UnitOfWorkFactory
from application.tenancy import channel_scoped
from domain.business_insights import latest_insights, watch_figures
from domain.figures import WatchFigures
from domain.insights import ANALYSIS_WINDOW, ChannelInsight, VideoSnapshot, compute_insight


@attrs.frozen
class ComputeInsight:
    uow: UnitOfWorkFactory
    clock: Clock

    async def __call__(
        self, *, channel_id: str, organisation_id: str | None = None
    ) -> ChannelInsight:
        now = self.clock.now()
        async with self.uow() as uow:
            channel = await channel_scoped(uow, channel_id, organisation_id)
            tz = ZoneInfo(channel.time_zone)
            snapshots = list(
                await uow.metrics.video_snapshots(channel_id, since=now - ANALYSIS_WINDOW)
            )
            snapshots, watch = await _accounts_api(uow, channel_id, snapshots, now, tz)
            insight = compute_insight(
                channel_id=channel.id,
                snapshots=snapshots,
                now=now,
                tz=tz,
                tz_name=channel.time_zone,
                watch=watch,
            )
            await uow.insights.add(insight)
            await uow.commit()
        return insight


async def _accounts_api(
    uow: UnitOfWork,
    channel_id: str,
    snapshots: list[VideoSnapshot],
    now: datetime,
    tz: ZoneInfo,
) -> tuple[list[VideoSnapshot], WatchFigures | None]:
    """The Accounts API's captures replace the Display API's for the same videos (they
    carry the completion rate); the watch figures come from them alone."""
    if await uow.business_connections.for_channel(channel_id) is None:
        return snapshots, None
    captured = latest_insights(
        await uow.business_metrics.video_insights(channel_id, since=now - ANALYSIS_WINDOW), now=now
    )
    days = await uow.business_metrics.days(channel_id, since=(now - timedelta(days=14)).date())
    if not captured and not days:
        return snapshots, WatchFigures(reason="the Accounts API connection has not synced yet")
    theirs = {c.video_id for c in captured}
    merged = [s for s in snapshots if s.video_id not in theirs] + [
        c.as_snapshot() for c in captured
    ]
    return merged, watch_figures(captured, days, now=now, tz=tz)
