"""/v1/channels: connect, inspect, keep healthy, analyse, disconnect."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from aiohttp import web

from domain.business_connection import ConnectionKind
from entrypoints.http.keys import CONTAINER
from entrypoints.http.v1 import analytics_responses as a
from entrypoints.http.v1 import channel_responses as ch
from entrypoints.http.v1 import responses as r
from entrypoints.http.v1.common import answer, body, org, query_int
from entrypoints.http.v1.schemas import ConnectIn, ExchangeIn, ReturnOriginsIn
from entrypoints.views import channel_out, channel_videos_out, creator_out, shaped

if TYPE_CHECKING:
    from application.use_cases.channel_analytics import Analytics
    from application.use_cases.connect_channel import ConnectStarted


def _channel_id(request: web.Request) -> str:
    return request.match_info["channel_id"]


async def start_connect(request: web.Request) -> web.Response:
    data = await body(request, ConnectIn)
    container = request.app[CONTAINER]
    if data.kind is ConnectionKind.ACCOUNTS_API:
        started = await container.business().connect(
            organisation_id=org(request), return_url=data.return_url, channel_id=data.channel_id
        )
        return answer(_started(started, data.kind), 201)
    if data.channel_id is not None:
        raise web.HTTPBadRequest(reason="channel_id is for kind accounts_api only")
    started = await container.connect_channel()(
        organisation_id=org(request), return_url=data.return_url, redirect_uri=data.redirect_uri
    )
    return answer(_started(started, data.kind), 201)


def _started(started: ConnectStarted, kind: ConnectionKind) -> r.ConnectStartedOut:
    expires_at = datetime.fromisoformat(started.expires_at)
    return r.ConnectStartedOut(started.authorize_url, started.state, expires_at, kind)


async def exchange_code(request: web.Request) -> web.Response:
    """Another app's page received TikTok's redirect: it hands over the code and state."""
    data = await body(request, ExchangeIn)
    done = await request.app[CONTAINER].complete_oauth()(
        state=data.state, code=data.code, organisation_id=org(request)
    )
    return answer(ch.ExchangedOut(channel_out(done.channel), done.created), 201)


async def list_channels(request: web.Request) -> web.Response:
    channels = await request.app[CONTAINER].list_channels()(organisation_id=org(request))
    return answer(r.ChannelList([channel_out(c) for c in channels]))


async def show_channel(request: web.Request) -> web.Response:
    shown = await request.app[CONTAINER].show_channel()(
        organisation_id=org(request), channel_id=_channel_id(request)
    )
    return answer(channel_out(shown.channel, shown.account))


async def channel_videos(request: web.Request) -> web.Response:
    cursor = request.query.get("cursor")
    if cursor is not None and not cursor.isdigit():
        raise web.HTTPBadRequest(reason="cursor must be the number TikTok returned")
    videos = await request.app[CONTAINER].list_channel_videos()(
        organisation_id=org(request),
        channel_id=_channel_id(request),
        cursor=int(cursor) if cursor else None,
        max_count=query_int(request, "max_count", 20, 1, 20),
    )
    return answer(channel_videos_out(videos))


async def creator_options(request: web.Request) -> web.Response:
    creator = await request.app[CONTAINER].creator_options()(
        organisation_id=org(request), channel_id=_channel_id(request)
    )
    return answer(creator_out(creator))


async def verify_channel(request: web.Request) -> web.Response:
    health = await request.app[CONTAINER].verify_channel()(
        organisation_id=org(request), channel_id=_channel_id(request)
    )
    return answer(shaped(ch.ChannelHealthOut, health))


async def refresh_channel(request: web.Request) -> web.Response:
    outcome = await request.app[CONTAINER].refresh_channel_token()(
        organisation_id=org(request), channel_id=_channel_id(request), force=True
    )
    return answer(ch.RefreshedOut(outcome.refreshed, outcome.reason, channel_out(outcome.channel)))


async def sync_channel(request: web.Request) -> web.Response:
    synced = await request.app[CONTAINER].sync_metrics()(
        organisation_id=org(request), channel_id=_channel_id(request)
    )
    return answer(shaped(ch.MetricsSyncedOut, synced))


async def disconnect_channel(request: web.Request) -> web.Response:
    done = await request.app[CONTAINER].disconnect_channel()(
        organisation_id=org(request), channel_id=_channel_id(request)
    )
    return answer(
        ch.DisconnectedOut(
            channel_out(done.channel),
            done.revoked_at_tiktok,
            done.revoke_error,
            request.app[CONTAINER].config.retention_days(),
        )
    )


async def latest_insight(request: web.Request) -> web.Response:
    found = await request.app[CONTAINER].channel_analytics()(
        organisation_id=org(request), channel_id=_channel_id(request), days=1
    )
    if found.insight is None:
        raise web.HTTPNotFound(reason="no insight computed yet for this channel")
    return answer(shaped(a.InsightOut, found.insight))


async def compute_insight(request: web.Request) -> web.Response:
    insight = await request.app[CONTAINER].compute_insight()(
        organisation_id=org(request), channel_id=_channel_id(request)
    )
    return answer(shaped(a.InsightOut, insight), 201)


async def _history(request: web.Request) -> Analytics:
    found: Analytics = await request.app[CONTAINER].channel_analytics()(
        organisation_id=org(request),
        channel_id=_channel_id(request),
        days=query_int(request, "days", 30, 1, 400),
    )
    return found


async def video_metrics(request: web.Request) -> web.Response:
    found = await _history(request)
    return answer(a.VideoSnapshotList([shaped(a.VideoSnapshotOut, v) for v in found.videos]))


async def account_metrics(request: web.Request) -> web.Response:
    found = await _history(request)
    return answer(a.AccountSnapshotList([shaped(a.AccountSnapshotOut, s) for s in found.account]))


async def show_return_origins(request: web.Request) -> web.Response:
    shown = await request.app[CONTAINER].show_return_origins()(organisation_id=org(request))
    return answer(shaped(r.ReturnOriginsOut, shown))


async def set_return_origins(request: web.Request) -> web.Response:
    data = await body(request, ReturnOriginsIn)
    shown = await request.app[CONTAINER].set_return_origins()(
        organisation_id=org(request), origins=data.origins
    )
    return answer(shaped(r.ReturnOriginsOut, shown))
