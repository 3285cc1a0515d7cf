"""The sync worker's pass: take the next job and sync its channels one by one, saving the
progress after each (a crashed worker's job is taken again where it stopped)."""

from __future__ import annotations

from datetime import timedelta

import attrs

from application.errors import ApplicationError
from application.ports import Clock, UnitOfWorkFactory
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
            try:
                await self.sync(
                    channel_id=channel_id,
                    organisation_id=job.organisation_id,
                    with_account=job.scope is not SyncScope.VIDEOS,
                    every_video=job.scope is not SyncScope.METRICS,
                )
            except (ApplicationError, DomainError) as exc:  # one channel never stops the job
                job = job.channel_failed(channel_id, str(exc), now=self.clock.now())
            else:
                job = job.channel_synced(channel_id, now=self.clock.now())
            async with self.uow() as uow:
                job = await uow.sync_jobs.save(job)
                await uow.commit()
        return job
