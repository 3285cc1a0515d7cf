"""Where sync jobs are kept, and how a worker takes the next one."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Protocol

from domain.sync_job import SyncJob


class SyncJobRepository(Protocol):
    async def add(self, job: SyncJob) -> SyncJob: ...

    async def get(self, organisation_id: str, job_id: str) -> SyncJob:
        """Raises NotFound (also for another organisation's job)."""
        ...

    async def save(self, job: SyncJob) -> SyncJob:
        """Raises Conflict if the stored version moved on."""
        ...

    async def claim(self, *, now: datetime, worker_id: str, lease_for: timedelta) -> SyncJob | None:
        """Lease the oldest unfinished job no live lease holds (a crashed worker's job is
        taken again once its lease lapses)."""
        ...
