"""A channel's business account (the Business API for TikTok Accounts): its status,
connecting it through TikTok's consent, syncing its insights and comments now, and a
metrics sync job with its progress."""

from __future__ import annotations

from aiohttp import web

from domain.channel import ChannelStatus
from domain.sync_job import SyncScope
from entrypoints.business_views import connection_view
from entrypoints.console.pages import done, render
from entrypoints.console.session import organisation
from entrypoints.http.keys import CONTAINER
from entrypoints.http.v1.sync_jobs import job_view
from entrypoints.views import channel_view


def business_path(channel_id: str) -> str:
    return f"/console/channels/{channel_id}/business"


async def page(request: web.Request) -> web.Response:
    org = await organisation(request)
    channel_id = request.match_info["channel_id"]
    container = request.app[CONTAINER]
    channel, connection = await container.business().connections(
        organisation_id=org, channel_id=channel_id
    )
    job = None
    job_id = request.query.get("job")
    if job_id:
        job = job_view(await container.show_sync_job()(organisation_id=org, job_id=job_id))
    just_connected = (
        "channel_id" in request.query
        and connection is not None
        and connection.status is ChannelStatus.CONNECTED
    )
    return await render(
        request,
        "business_account.html",
        {
            "channel": channel_view(channel),
            "connection": connection_view(connection) if connection else None,
            "job": job,
            "just_connected": just_connected,
        },
    )


async def connect(request: web.Request) -> web.StreamResponse:
    """TikTok's business consent page, then back to this page (``channel_id`` added)."""
    org = await organisation(request)
    channel_id = request.match_info["channel_id"]
    started = (
        await request.app[CONTAINER]
        .business()
        .connect(organisation_id=org, return_url=business_path(channel_id), channel_id=channel_id)
    )
    raise web.HTTPSeeOther(started.authorize_url)


async def sync(request: web.Request) -> web.StreamResponse:
    org = await organisation(request)
    channel_id = request.match_info["channel_id"]
    business = request.app[CONTAINER].business()
    insights = await business.sync_insights(organisation_id=org, channel_id=channel_id)
    comments = await business.sync_comments(organisation_id=org, channel_id=channel_id)
    raise await done(
        request,
        business_path(channel_id),
        f"Synced from the Accounts API: {insights.days} days of account metrics, "
        f"{insights.videos} videos' insights, {comments.new} new comments "
        f"({comments.seen} seen on {comments.videos} videos).",
    )


async def sync_job(request: web.Request) -> web.StreamResponse:
    org = await organisation(request)
    channel_id = request.match_info["channel_id"]
    job = await request.app[CONTAINER].start_sync()(
        organisation_id=org, scope=SyncScope.BOTH, channel_id=channel_id
    )
    raise await done(
        request,
        f"{business_path(channel_id)}?job={job.id}",
        f"Sync job {job.id} queued: a worker syncs the account and its videos.",
    )
