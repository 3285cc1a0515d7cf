"""/v1 for the Accounts API: a channel's connections, Accounts API sync and analytics,
its time zone, and the comments inbox (conversations, reply, hide/unhide, delete)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import attrs
from aiohttp import web

from domain.business_connection import connections_of
from entrypoints.business_views import (
    analytics_out,
    comment_out,
    connection_out,
    connections_out,
    inbox_out,
    reply_out,
    thread_out,
)
from entrypoints.http.keys import CONTAINER
from entrypoints.http.v1 import business_responses as b
from entrypoints.http.v1.common import answer, body, idempotent, org, query_int
from entrypoints.views import shaped

if TYPE_CHECKING:
    from entrypoints.business_wiring import Business


@attrs.frozen
class TimeZoneIn:
    time_zone: str


@attrs.frozen
class ReplyIn:
    text: str


@attrs.frozen
class CommentSyncIn:
    video_id: str | None = None


def _business(request: web.Request) -> Business:
    return request.app[CONTAINER].business()


def _ids(request: web.Request) -> dict[str, str]:
    return {"organisation_id": org(request), "channel_id": request.match_info["channel_id"]}


async def connections(request: web.Request) -> web.Response:
    channel, business = await _business(request).connections(**_ids(request))
    return answer(
        b.ConnectionsOut(
            channel.id,
            connections_out(connections_of(channel, business)),
            connection_out(business) if business else None,
        )
    )


async def sync(request: web.Request) -> web.Response:
    synced = await _business(request).sync_insights(**_ids(request))
    return answer(shaped(b.InsightsSyncedOut, synced))


async def refresh(request: web.Request) -> web.Response:
    outcome = await _business(request).refresh.for_channel(**_ids(request))
    return answer(
        b.BusinessRefreshedOut(
            outcome.refreshed, outcome.reason, connection_out(outcome.connection)
        )
    )


async def disconnect(request: web.Request) -> web.Response:
    done = await _business(request).disconnect(**_ids(request))
    return answer(
        b.BusinessDisconnectedOut(
            connection_out(done.connection),
            done.revoked_at_tiktok,
            done.revoke_error,
            request.app[CONTAINER].config.retention_days(),
        )
    )


async def analytics(request: web.Request) -> web.Response:
    found = await _business(request).analytics(
        **_ids(request), days=query_int(request, "days", 30, 1, 400)
    )
    return answer(analytics_out(found))


async def set_time_zone(request: web.Request) -> web.Response:
    data = await body(request, TimeZoneIn)
    channel = await _business(request).set_time_zone(**_ids(request), time_zone=data.time_zone)
    return answer(b.TimeZoneOut(channel.id, channel.time_zone))


async def inbox(request: web.Request) -> web.Response:
    return answer(inbox_out(await _business(request).inbox(**_ids(request))))


async def thread(request: web.Request) -> web.Response:
    peek = request.query.get("peek", "false")
    if peek not in ("true", "false"):
        raise web.HTTPBadRequest(reason="peek must be true or false")
    shown = await _business(request).thread(
        **_ids(request), video_id=request.match_info["video_id"], peek=peek == "true"
    )
    return answer(thread_out(shown))


async def sync_comments(request: web.Request) -> web.Response:
    data = await body(request, CommentSyncIn)
    synced = await _business(request).sync_comments(**_ids(request), video_id=data.video_id)
    return answer(shaped(b.CommentsSyncedOut, synced))


async def reply(request: web.Request) -> web.StreamResponse:
    async def run() -> web.Response:
        data = await body(request, ReplyIn)
        outcome = await _business(request).reply(
            **_ids(request), comment_id=request.match_info["comment_id"], text=data.text
        )
        return answer(reply_out(outcome), 201)

    return await idempotent(request, run)


async def _hide(request: web.Request, hidden: bool) -> web.Response:
    changed = await _business(request).hide(
        **_ids(request), comment_id=request.match_info["comment_id"], hidden=hidden
    )
    return answer(comment_out(changed))


async def hide(request: web.Request) -> web.Response:
    return await _hide(request, True)


async def unhide(request: web.Request) -> web.Response:
    return await _hide(request, False)


async def delete(request: web.Request) -> web.Response:
    deleted = await _business(request).delete(
        **_ids(request), comment_id=request.match_info["comment_id"]
    )
    return answer(comment_out(deleted))
