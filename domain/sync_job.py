"""A sync the organisation asked for: which channels, what to sync, and how far it got."""

from __future__ import annotations

import enum
from collections.abc import Sequence
from datetime import datetime

import attrs

from domain.errors import RuleViolation, raise_if_any


class SyncScope(enum.StrEnum):
    METRICS = "metrics"  # the account and the videos whose snapshot is due
    VIDEOS = "videos"  # every video TikTok lists, snapshotted now
    BOTH = "both"


class SyncJobStatus(enum.StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"


@attrs.frozen
class SyncJob:
    id: str
    organisation_id: str
    scope: SyncScope
    channel_ids: tuple[str, ...]
    created_at: datetime
    status: SyncJobStatus = SyncJobStatus.QUEUED
    synced: tuple[str, ...] = ()
    failures: tuple[tuple[str, str], ...] = ()  # (channel id, why)
    started_at: datetime | None = None
    finished_at: datetime | None = None
    version: int = 0

    @classmethod
    def request(
        cls,
        *,
        job_id: str,
        organisation_id: str,
        scope: SyncScope,
        channel_ids: Sequence[str],
        now: datetime,
    ) -> SyncJob:
        if not channel_ids:
            raise_if_any(
                [
                    RuleViolation(
                        "no_channels", "channel_id", "the organisation has no channel to sync"
                    )
                ]
            )
        return cls(job_id, organisation_id, scope, tuple(channel_ids), now)

    @property
    def remaining(self) -> tuple[str, ...]:
        finished = set(self.synced) | {c for c, _ in self.failures}
        return tuple(c for c in self.channel_ids if c not in finished)

    @property
    def progress(self) -> float:
        return 1.0 - len(self.remaining) / len(self.channel_ids)

    def start(self, *, now: datetime) -> SyncJob:
        return attrs.evolve(self, status=SyncJobStatus.RUNNING, started_at=self.started_at or now)

    def channel_synced(self, channel_id: str, *, now: datetime) -> SyncJob:
        return self._finish_if_done(attrs.evolve(self, synced=(*self.synced, channel_id)), now)

    def channel_failed(self, channel_id: str, why: str, *, now: datetime) -> SyncJob:
        failed = attrs.evolve(self, failures=(*self.failures, (channel_id, why[:300])))
        return self._finish_if_done(failed, now)

    @staticmethod
    def _finish_if_done(job: SyncJob, now: datetime) -> SyncJob:
        if job.remaining:
            return job
        return attrs.evolve(job, status=SyncJobStatus.DONE, finished_at=now)
