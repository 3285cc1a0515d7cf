"""Sync jobs in memory; writes act at once (like the post leases)."""

from __future__ import annotations

from datetime import datetime, timedelta

import attrs

from application.errors import Conflict, NotFound
from domain.sync_job import SyncJob, SyncJobStatus


@attrs.define
class SyncJobState:
    jobs: dict[str, SyncJob] = attrs.Factory(dict)
    leases: dict[str, datetime] = attrs.Factory(dict)


@attrs.define
class MemorySyncJobRepository:
    state: SyncJobState

    async def add(self, job: SyncJob) -> SyncJob:
        if job.id in self.state.jobs:
            raise Conflict(f"sync job {job.id} exists already")
        stored = attrs.evolve(job, version=1)
        self.state.jobs[job.id] = stored
        return stored

    async def get(self, organisation_id: str, job_id: str) -> SyncJob:
        job = self.state.jobs.get(job_id)
        if job is None or job.organisation_id != organisation_id:
            raise NotFound("sync job", job_id)
        return job

    async def save(self, job: SyncJob) -> SyncJob:
        current = self.state.jobs.get(job.id)
        if current is None or current.version != job.version:
            raise Conflict(f"sync job {job.id} was changed by someone else")
        stored = attrs.evolve(job, version=job.version + 1)
        self.state.jobs[job.id] = stored
        if stored.status is SyncJobStatus.DONE:
            self.state.leases.pop(job.id, None)
        return stored

    async def claim(self, *, now: datetime, worker_id: str, lease_for: timedelta) -> SyncJob | None:
        for job in sorted(self.state.jobs.values(), key=lambda j: (j.created_at, j.id)):
            lease = self.state.leases.get(job.id)
            if job.status is not SyncJobStatus.DONE and (lease is None or lease <= now):
                self.state.leases[job.id] = now + lease_for
                return job
        return None
