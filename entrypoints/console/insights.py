"""A channel's insights page: views over time, best days and hours, top hashtags, the
completion-rate trend and watch time (with an Accounts API connection), the suggested next
video and its evidence; "Compute now" and the period it shows."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from aiohttp import web

from entrypoints.business_views import connection_view
from entrypoints.console.insight_charts import daily_views_series, insight_series, views_series
from entrypoints.console.pages import done, render
from entrypoints.console.session import organisation
from entrypoints.http.keys import CONTAINER
from entrypoints.http.v1.common import query_int
from entrypoints.views import channel_view, plain

PERIODS = (7, 30, 60, 90, 180, 365)


def insights_path(channel_id: str, days: int | None = None) -> str:
    path = f"/console/channels/{channel_id}/insights"
    return path if days is None else f"{path}?days={days}"


async def page(request: web.Request) -> web.Response:
    org = await organisation(request)
    channel_id = request.match_info["channel_id"]
    days = query_int(request, "days", 30, 1, 400)
    container = request.app[CONTAINER]
    business = container.business()
    channel, connection = await business.connections(organisation_id=org, channel_id=channel_id)
    found = await container.channel_analytics()(
        organisation_id=org, channel_id=channel_id, days=days
    )
    tz = ZoneInfo(channel.time_zone)
    charts = {"views": views_series(found.videos, tz), "daily_views": None} | insight_series(
        found.insight
    )
    if connection is not None:
        stored = await business.analytics(organisation_id=org, channel_id=channel_id, days=days)
        charts["daily_views"] = daily_views_series(stored.days) if stored.days else None
    return await render(
        request,
        "insights.html",
        {
            "channel": channel_view(channel),
            "connection": connection_view(connection) if connection else None,
            "insight": plain(found.insight) if found.insight else None,
            "charts": charts,
            "days": days,
            "periods": sorted({*PERIODS, days}),
        },
    )


async def compute(request: web.Request) -> web.StreamResponse:
    org = await organisation(request)
    channel_id = request.match_info["channel_id"]
    form = await request.post()
    raw = form.get("days", "30")
    days = int(raw) if isinstance(raw, str) and raw.isdigit() and 1 <= int(raw) <= 400 else 30
    await request.app[CONTAINER].compute_insight()(organisation_id=org, channel_id=channel_id)
    raise await done(
        request, insights_path(channel_id, days), "Insight computed from the latest figures."
    )
