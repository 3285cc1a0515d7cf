"""Delete TikTok-derived data (snapshots, insights) of channels disconnected longer than the
retention period: TikTok's terms restrict keeping it. Accounts API data (daily metrics,
audience, video insights, comments, reply intents) goes the same way when the channel or
its Accounts API connection has been disconnected that long."""

from __future__ import annotations

from datetime import timedelta

import attrs

from application.ports import Clock, UnitOfWorkFactory


@attrs.frozen
class PurgeDisconnectedChannels:
    uow: UnitOfWorkFactory
    clock: Clock
    retention: timedelta

    async def __call__(self) -> int:
        """How many rows were deleted."""
        gone = 0
        before = self.clock.now() - self.retention
        async with self.uow() as uow:
            channels = {c.id for c in await uow.channels.disconnected_before(before)}
            business = {
                c.channel_id for c in await uow.business_connections.disconnected_before(before)
            }
            for channel_id in channels:
                gone += await uow.metrics.purge_channel(channel_id)
                gone += await uow.insights.purge_channel(channel_id)
            for channel_id in channels | business:
                gone += await uow.business_metrics.purge_channel(channel_id)
                gone += await uow.comments.purge_channel(channel_id)
                gone += await uow.reply_intents.purge_channel(channel_id)
            await uow.commit()
        return gone
