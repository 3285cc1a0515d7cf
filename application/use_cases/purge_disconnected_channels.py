"""Delete TikTok-derived data (snapshots, insights) of channels disconnected longer than the
retention period: TikTok's terms restrict keeping it."""

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
        async with self.uow() as uow:
            for channel in await uow.channels.disconnected_before(
                self.clock.now() - self.retention
            ):
                gone += await uow.metrics.purge_channel(channel.id)
                gone += await uow.insights.purge_channel(channel.id)
            await uow.commit()
        return gone
