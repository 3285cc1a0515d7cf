"""Compute and store a channel's weekly insight from its metric snapshots."""

from __future__ import annotations

from zoneinfo import ZoneInfo

import attrs

from application.ports import Clock, UnitOfWorkFactory
from application.tenancy import channel_scoped
from domain.insights import ANALYSIS_WINDOW, ChannelInsight, compute_insight


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
            snapshots = await uow.metrics.video_snapshots(channel_id, since=now - ANALYSIS_WINDOW)
            insight = compute_insight(
                channel_id=channel.id,
                snapshots=snapshots,
                now=now,
                tz=ZoneInfo(channel.time_zone),
                tz_name=channel.time_zone,
            )
            await uow.insights.add(insight)
            await uow.commit()
        return insight
