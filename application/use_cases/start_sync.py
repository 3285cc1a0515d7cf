"""Ask for a sync of every connected channel of the organisation, or of one; a worker runs
it and its progress can be read (``ShowSyncJob``)."""

from __future__ import annotations

import attrs

from application.ports import Clock, IdGenerator, UnitOfWorkFactory
from application.tenancy import channel_in_org
from domain.channel import ChannelStatus
from domain.sync_job import SyncJob, SyncScope


@attrs.frozen
class StartSync:
    uow: UnitOfWorkFactory
    clock: Clock
    ids: IdGenerator

    async def __call__(
        self, *, organisation_id: str, scope: SyncScope, channel_id: str | None = None
    ) -> SyncJob:
        async with self.uow() as uow:
            if channel_id is not None:
                channel_ids = [(await channel_in_org(uow, channel_id, organisation_id)).id]
            else:
                channel_ids = [
                    c.id
                    for c in await uow.channels.list(organisation_id)
                    if c.status is ChannelStatus.CONNECTED
                ]
            job = SyncJob.request(
                job_id=f"sync_{self.ids.new_id().replace('-', '')}",
                organisation_id=organisation_id,
                scope=scope,
                channel_ids=channel_ids,
                now=self.clock.now(),
            )
            stored = await uow.sync_jobs.add(job)
            await uow.commit()
        return stored
