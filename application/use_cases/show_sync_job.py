"""A sync job and how far it got."""

from __future__ import annotations

import attrs

from application.ports import UnitOfWorkFactory
from domain.sync_job import SyncJob


@attrs.frozen
class ShowSyncJob:
    uow: UnitOfWorkFactory

    async def __call__(self, *, organisation_id: str, job_id: str) -> SyncJob:
        async with self.uow() as uow:
            return await uow.sync_jobs.get(organisation_id, job_id)
