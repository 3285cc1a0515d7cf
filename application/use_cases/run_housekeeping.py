"""Housekeeping: purge TikTok data of long-disconnected channels and forget old
idempotency answers."""

from __future__ import annotations

import attrs

from application.ports import Clock, UnitOfWorkFactory
from application.use_cases.purge_disconnected_channels import PurgeDisconnectedChannels
from application.use_cases.run_idempotent import KEEP_FOR


@attrs.frozen
class HousekeepingDone:
    channel_rows_purged: int
    idempotency_keys_forgotten: int


@attrs.frozen
class RunHousekeeping:
    uow: UnitOfWorkFactory
    clock: Clock
    purge: PurgeDisconnectedChannels

    async def __call__(self) -> HousekeepingDone:
        purged = await self.purge()
        async with self.uow() as uow:
            forgotten = await uow.idempotency.purge(before=self.clock.now() - KEEP_FOR)
            await uow.commit()
        return HousekeepingDone(purged, forgotten)
