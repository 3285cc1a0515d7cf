"""The sync worker's pass: take the next job and sync its channels one by one, saving the
progress after each (a crashed worker's job is taken again where it stopped)."""

from __future__ import annotations

from datetime import timedelta

import attrs

from application.errors import ApplicationError
from application.ports import Clock, UnitOfWorkFactory
from application.ports.runs import Runs, unobserved
from application.use_cases.sync_metrics import SyncMetrics
from domain.errors import DomainError
from domain.sync_job import SyncJob, SyncScope


@attrs.frozen
class RunSyncJobs:
    uow: UnitOfWorkFactory
    clock: Clock
    sync: SyncMetrics
    worker_id: str
    lease_for: timedelta = timedelta(minutes=10)
    runs: Runs = unobserved  # each channel of a job is one run

    async def __call__(self) -> SyncJob | None:
        """The job worked on (None: nothing to do)."""
        async with self.uow() as uow:
            job = await uow.sync_jobs.claim(
                now=self.clock.now(), worker_id=self.worker_id, lease_for=self.lease_for
            )
            if job is not None:
                job = await uow.sync_jobs.save(job.start(now=self.clock.now()))
            await uow.commit()
        if job is None:
            return None
        for channel_id in job.remaining:
            job = await self._sync_one(job, channel_id)
        return job

    async def _sync_one(self, job: SyncJob, channel_id: str) -> SyncJob:
        """One channel of the job, as one run; the job's progress saved after it."""
        with self.runs(
            "sync_metrics",
            sync_job_id=job.id,
            channel_id=channel_id,
            organisation_id=job.organisation_id,
        ) as run:
            try:
                await self.sync(
                    channel_id=channel_id,
                    organisation_id=job.organisation_id,
                    with_account=job.scope is not SyncScope.VIDEOS,
                    every_video=job.scope is not SyncScope.METRICS,
                )
            except (ApplicationError, DomainError) as exc:  # one channel never stops the job
                run.failed(exc)
                job = job.channel_failed(channel_id, str(exc), now=self.clock.now())
            else:
                job = job.channel_synced(channel_id, now=self.clock.now())
            async with self.uow() as uow:
                job = await uow.sync_jobs.save(job)
                await uow.commit()
        return job
