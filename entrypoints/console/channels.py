"""Channels: the list with health and token expiry, "Connect TikTok", a channel's page
(profile, figures, creator options, recent videos) and its upkeep actions."""

from __future__ import annotations

import re
from typing import Any

from aiohttp import web

from application.errors import TikTokApiError
from entrypoints.console.pages import done, render
from entrypoints.console.session import organisation
from entrypoints.http.keys import CONTAINER
from entrypoints.views import channel_videos_view, channel_view, creator_view

CONNECTED = "/console/channels/connected"
SAFE_ID = re.compile(r"[A-Za-z0-9_-]{1,64}")


def channel_links(channel_id: str) -> list[tuple[str, str]]:
    """The channel's other pages, as (href, label) buttons on its page."""
    return [
        (f"/console/posts?channel_id={channel_id}", "Posts"),
        (f"{channel_page(channel_id)}/insights", "Insights"),
        (f"{channel_page(channel_id)}/business", "Business account"),
    ]


def _channel_id(request: web.Request) -> str:
    return request.match_info["channel_id"]


def channel_page(channel_id: str) -> str:
    return f"/console/channels/{channel_id}"


async def list_page(request: web.Request) -> web.Response:
    org = await organisation(request)
    channels = await request.app[CONTAINER].list_channels()(organisation_id=org)
    return await render(request, "channels.html", {"channels": [channel_view(c) for c in channels]})


async def connect(request: web.Request) -> web.StreamResponse:
    """The OAuth redirect: TikTok's consent page, then back to the channel's page."""
    org = await organisation(request)
    started = await request.app[CONTAINER].connect_channel()(
        organisation_id=org, return_url=CONNECTED
    )
    raise web.HTTPSeeOther(started.authorize_url)


async def connected(request: web.Request) -> web.StreamResponse:
    await organisation(request)
    channel_id = request.query.get("channel_id", "")
    if not SAFE_ID.fullmatch(channel_id):
        raise web.HTTPSeeOther("/console/channels")
    raise await done(request, channel_page(channel_id), "TikTok account connected.")


async def _tiktok_or_note(call: Any) -> tuple[Any, str | None]:
    """A TikTok read the page can live without: its answer, or why it is missing."""
    try:
        return await call, None
    except TikTokApiError as exc:
        return None, exc.error.describe()


async def detail_page(request: web.Request) -> web.Response:
    org = await organisation(request)
    container = request.app[CONTAINER]
    shown = await container.show_channel()(organisation_id=org, channel_id=_channel_id(request))
    channel = channel_view(shown.channel, shown.account)
    creator, creator_note = None, None
    videos, videos_note = None, None
    if channel["status"] == "connected":
        found, creator_note = await _tiktok_or_note(
            container.creator_options()(organisation_id=org, channel_id=_channel_id(request))
        )
        creator = creator_view(found) if found is not None else None
        page, videos_note = await _tiktok_or_note(
            container.list_channel_videos()(
                organisation_id=org, channel_id=_channel_id(request), max_count=12
            )
        )
        videos = channel_videos_view(page) if page is not None else None
    return await render(
        request,
        "channel.html",
        {
            "channel": channel,
            "creator": creator,
            "creator_note": creator_note,
            "videos": videos,
            "videos_note": videos_note,
            "channel_links": channel_links(_channel_id(request)),
        },
    )


async def verify(request: web.Request) -> web.StreamResponse:
    org = await organisation(request)
    health = await request.app[CONTAINER].verify_channel()(
        organisation_id=org, channel_id=_channel_id(request)
    )
    if health.healthy:
        message, kind = "The channel answers TikTok's checks: healthy.", "success"
    else:
        message, kind = "Not healthy: " + "; ".join(health.problems), "warning"
    raise await done(request, channel_page(_channel_id(request)), message, kind)


async def refresh(request: web.Request) -> web.StreamResponse:
    org = await organisation(request)
    outcome = await request.app[CONTAINER].refresh_channel_token()(
        organisation_id=org, channel_id=_channel_id(request), force=True
    )
    message = "Token refreshed." if outcome.refreshed else f"Not refreshed: {outcome.reason}."
    raise await done(
        request,
        channel_page(_channel_id(request)),
        message,
        "success" if outcome.refreshed else "warning",
    )


async def sync(request: web.Request) -> web.StreamResponse:
    org = await organisation(request)
    synced = await request.app[CONTAINER].sync_metrics()(
        organisation_id=org, channel_id=_channel_id(request)
    )
    raise await done(
        request,
        channel_page(_channel_id(request)),
        f"Figures synced: the account and {synced.videos} video(s).",
    )


async def disconnect(request: web.Request) -> web.StreamResponse:
    org = await organisation(request)
    outcome = await request.app[CONTAINER].disconnect_channel()(
        organisation_id=org, channel_id=_channel_id(request)
    )
    days = request.app[CONTAINER].config.retention_days()
    note = "" if outcome.revoked_at_tiktok else f" TikTok did not confirm: {outcome.revoke_error}."
    raise await done(
        request,
        "/console/channels",
        f"{outcome.channel.display_name} is disconnected; its data is purged after {days} days."
        + note,
    )
