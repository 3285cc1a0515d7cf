"""Sync jobs in PostgreSQL, leased by the worker that runs them."""

from __future__ import annotations

import json
from datetime import datetime, timedelta

import asyncpg
import attrs

from adapters.postgres.session import PgSession
from application.errors import Conflict, NotFound
from domain.sync_job import SyncJob, SyncJobStatus, SyncScope

COLUMNS = (
    "id, organisation_id, scope, channel_ids, status, synced, failures, created_at,"
    " started_at, finished_at, version"
)


def _job(row: asyncpg.Record) -> SyncJob:
    return SyncJob(
        id=row["id"],
        organisation_id=row["organisation_id"],
        scope=SyncScope(row["scope"]),
        channel_ids=tuple(row["channel_ids"]),
        created_at=row["created_at"],
        status=SyncJobStatus(row["status"]),
        synced=tuple(row["synced"]),
        failures=tuple((c, why) for c, why in json.loads(row["failures"])),
        started_at=row["started_at"],
        finished_at=row["finished_at"],
        version=row["version"],
    )


class PgSyncJobRepository:
    def __init__(self, conn: PgSession) -> None:
        self.conn = conn

    async def add(self, job: SyncJob) -> SyncJob:
        await self.conn.execute(
            f"INSERT INTO sync_jobs ({COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb, $8,"
            " $9, $10, 1)",
            job.id,
            job.organisation_id,
            job.scope.value,
            list(job.channel_ids),
            job.status.value,
            list(job.synced),
            json.dumps([list(f) for f in job.failures]),
            job.created_at,
            job.started_at,
            job.finished_at,
        )
        return attrs.evolve(job, version=1)

    async def get(self, organisation_id: str, job_id: str) -> SyncJob:
        row = await self.conn.fetchrow(
            f"SELECT {COLUMNS} FROM sync_jobs WHERE id = $1 AND organisation_id = $2",
            job_id,
            organisation_id,
        )
        if row is None:
            raise NotFound("sync job", job_id)
        return _job(row)

    async def save(self, job: SyncJob) -> SyncJob:
        version = await self.conn.fetchval(
            "UPDATE sync_jobs SET status = $3, synced = $4, failures = $5::jsonb,"
            " started_at = $6, finished_at = $7, version = version + 1,"
            " lease_until = CASE WHEN $3 = 'done' THEN NULL ELSE lease_until END"
            " WHERE id = $1 AND version = $2 RETURNING version",
            job.id,
            job.version,
            job.status.value,
            list(job.synced),
            json.dumps([list(f) for f in job.failures]),
            job.started_at,
            job.finished_at,
        )
        if version is None:
            raise Conflict(f"sync job {job.id} was changed by someone else")
        return attrs.evolve(job, version=version)

    async def claim(self, *, now: datetime, worker_id: str, lease_for: timedelta) -> SyncJob | None:
        row = await self.conn.fetchrow(
            "WITH next AS (SELECT id FROM sync_jobs WHERE status <> 'done'"
            " AND (lease_until IS NULL OR lease_until <= $1)"
            " ORDER BY created_at, id LIMIT 1 FOR UPDATE SKIP LOCKED)"
            " UPDATE sync_jobs j SET leased_by = $2, lease_until = $1 + $3::interval"
            f" FROM next WHERE j.id = next.id RETURNING {', '.join('j.' + c.strip() for c in COLUMNS.split(','))}",
            now,
            worker_id,
            lease_for,
        )
        return _job(row) if row else None
