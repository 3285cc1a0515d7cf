"""Housekeeping: purge TikTok data of long-disconnected channels and forget old
idempotency answers and outgoing events past their retention."""

from __future__ import annotations

from datetime import timedelta

import attrs

from application.ports import Clock, UnitOfWorkFactory
from application.use_cases.purge_disconnected_channels import PurgeDisconnectedChannels
from application.use_cases.run_idempotent import KEEP_FOR


@attrs.frozen
class HousekeepingDone:
    channel_rows_purged: int
    idempotency_keys_forgotten: int
    events_forgotten: int = 0


@attrs.frozen
class RunHousekeeping:
    uow: UnitOfWorkFactory
    clock: Clock
    purge: PurgeDisconnectedChannels
    keep_events_for: timedelta = timedelta(days=30)

    async def __call__(self) -> HousekeepingDone:
        purged = await self.purge()
        async with self.uow() as uow:
            now = self.clock.now()
            forgotten = await uow.idempotency.purge(before=now - KEEP_FOR)
            events = await uow.outbox.purge(before=now - self.keep_events_for)
            await uow.commit()
        return HousekeepingDone(purged, forgotten, events)
