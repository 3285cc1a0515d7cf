"""/v1/sync-jobs: sync on demand, as a job whose progress can be read."""

from __future__ import annotations

from datetime import datetime

import attrs
from aiohttp import web
from cattrs.gen import make_dict_structure_fn

from domain.sync_job import SyncJob, SyncScope
from entrypoints.http.keys import CONTAINER
from entrypoints.http.v1.common import answer, body, org
from entrypoints.http.v1.event_schemas import views
from entrypoints.http.v1.schemas import _member as member
from entrypoints.http.v1.schemas import converter as strict


@attrs.frozen
class SyncIn:
    scope: SyncScope = SyncScope.BOTH
    channel_id: str | None = None  # none: every connected channel of the organisation


strict.register_structure_hook(SyncScope, member)
strict.register_structure_hook(
    SyncIn, make_dict_structure_fn(SyncIn, strict, _cattrs_forbid_extra_keys=True)
)


@attrs.frozen
class Failure:
    channel_id: str
    reason: str


@attrs.frozen
class SyncJobOut:
    id: str
    scope: str
    status: str
    channel_ids: list[str]
    synced: list[str]
    failures: list[Failure]
    progress: float  # 0..1: channels finished (synced or failed) of all
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None


def job_view(job: SyncJob) -> SyncJobOut:
    return SyncJobOut(
        job.id,
        job.scope.value,
        job.status.value,
        list(job.channel_ids),
        list(job.synced),
        [Failure(c, why) for c, why in job.failures],
        round(job.progress, 4),
        job.created_at,
        job.started_at,
        job.finished_at,
    )


async def start_sync(request: web.Request) -> web.Response:
    data = await body(request, SyncIn)
    job = await request.app[CONTAINER].start_sync()(
        organisation_id=org(request), scope=data.scope, channel_id=data.channel_id
    )
    return answer(views.unstructure(job_view(job)), 202)


async def show_sync_job(request: web.Request) -> web.Response:
    job = await request.app[CONTAINER].show_sync_job()(
        organisation_id=org(request), job_id=request.match_info["job_id"]
    )
    return answer(views.unstructure(job_view(job)))
