"""/v1 for the Accounts API: a channel's connections, Accounts API sync and analytics,
its time zone, and the comments inbox (conversations, reply, hide/unhide, delete)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import attrs
from aiohttp import web

from domain.business_connection import connections_of
from entrypoints.business_views import (
    comment_view,
    connection_view,
    connections_view,
    inbox_view,
    intent_view,
    thread_view,
)
from entrypoints.http.keys import CONTAINER
from entrypoints.http.v1.common import answer, body, idempotent, org, query_int
from entrypoints.views import plain

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
        {
            "channel_id": channel.id,
            "items": connections_view(connections_of(channel, business)),
            "accounts_api": connection_view(business) if business else None,
        }
    )


async def sync(request: web.Request) -> web.Response:
    synced = await _business(request).sync_insights(**_ids(request))
    return answer(plain(synced))


async def refresh(request: web.Request) -> web.Response:
    outcome = await _business(request).refresh.for_channel(**_ids(request))
    return answer(
        {
            "refreshed": outcome.refreshed,
            "reason": outcome.reason,
            "connection": connection_view(outcome.connection),
        }
    )


async def disconnect(request: web.Request) -> web.Response:
    done = await _business(request).disconnect(**_ids(request))
    return answer(
        {
            "connection": connection_view(done.connection),
            "revoked_at_tiktok": done.revoked_at_tiktok,
            "revoke_error": done.revoke_error,
            "purge_after_days": request.app[CONTAINER].config.retention_days(),
        }
    )


async def analytics(request: web.Request) -> web.Response:
    found = await _business(request).analytics(
        **_ids(request), days=query_int(request, "days", 30, 1, 400)
    )
    return answer(
        {
            "connection": connection_view(found.connection),
            "days": plain(list(found.days)),
            "audience": plain(found.audience) if found.audience else None,
            "videos": plain(list(found.videos)),
        }
    )


async def set_time_zone(request: web.Request) -> web.Response:
    data = await body(request, TimeZoneIn)
    channel = await _business(request).set_time_zone(**_ids(request), time_zone=data.time_zone)
    return answer({"channel_id": channel.id, "time_zone": channel.time_zone})


async def inbox(request: web.Request) -> web.Response:
    return answer(inbox_view(await _business(request).inbox(**_ids(request))))


async def thread(request: web.Request) -> web.Response:
    peek = request.query.get("peek", "false")
    if peek not in ("true", "false"):
        raise web.HTTPBadRequest(reason="peek must be true or false")
    shown = await _business(request).thread(
        **_ids(request), video_id=request.match_info["video_id"], peek=peek == "true"
    )
    return answer(thread_view(shown))


async def sync_comments(request: web.Request) -> web.Response:
    data = await body(request, CommentSyncIn)
    synced = await _business(request).sync_comments(**_ids(request), video_id=data.video_id)
    return answer(plain(synced))


async def reply(request: web.Request) -> web.StreamResponse:
    async def run() -> web.Response:
        data = await body(request, ReplyIn)
        outcome = await _business(request).reply(
            **_ids(request), comment_id=request.match_info["comment_id"], text=data.text
        )
        return answer(
            {
                "intent": intent_view(outcome.intent),
                "sent": outcome.sent,
                "found_after_lost_answer": outcome.found_after_lost_answer,
            },
            201,
        )

    return await idempotent(request, run)


async def _hide(request: web.Request, hidden: bool) -> web.Response:
    changed = await _business(request).hide(
        **_ids(request), comment_id=request.match_info["comment_id"], hidden=hidden
    )
    return answer(comment_view(changed))


async def hide(request: web.Request) -> web.Response:
    return await _hide(request, True)


async def unhide(request: web.Request) -> web.Response:
    return await _hide(request, False)


async def delete(request: web.Request) -> web.Response:
    deleted = await _business(request).delete(
        **_ids(request), comment_id=request.match_info["comment_id"]
    )
    return answer(comment_view(deleted))
