"""A post's page: content and settings with a preview, its status and audit trail, the
failure with its remedy, the TikTok link once published, the actions allowed now, a
schedule form in the channel's time zone, and "Share for client approval"."""

from __future__ import annotations

from aiohttp import web

from domain.errors import DomainError
from domain.post_state import Operation
from entrypoints.console.local_time import local_value
from entrypoints.console.pages import done, render
from entrypoints.console.post_actions import card, tiktok_links
from entrypoints.console.post_form import PRIVACY_LABELS
from entrypoints.console.post_trail import trail
from entrypoints.console.posts import post_page
from entrypoints.console.session import organisation
from entrypoints.console.sharing import share, take_shared
from entrypoints.http.keys import CONTAINER
from entrypoints.views import channel_view, post_view


async def page(request: web.Request) -> web.Response:
    org = await organisation(request)
    post_id = request.match_info["post_id"]
    c = request.app[CONTAINER]
    shown = await c.preview_post()(organisation_id=org, post_id=post_id)
    post, channel = shown.post, shown.channel
    view = card(post, channel.display_name or channel.username)
    events = post_view(post, events=True)["events"]
    failure = view["failure"]
    return await render(
        request,
        "post.html",
        {
            "post": view,
            "channel": channel_view(channel),
            "media_links": shown.media_links,
            "trail": trail(events),
            "failure": failure,
            "ambiguous": bool(failure and failure["category"] == "ambiguous" and post.publish_id),
            "tiktok_links": tiktok_links(post, channel.username),
            "can_schedule": post.can(Operation.SCHEDULE),
            "can_share": post.can(Operation.APPROVE),
            "shared": await take_shared(request, post.id),
            "privacy_label": PRIVACY_LABELS.get(post.settings.privacy_level)
            if post.settings.privacy_level
            else "not chosen",
            "at_value": local_value(post.scheduled_at, channel.time_zone),
            "min_at": local_value(c.clock().now(), channel.time_zone),
        },
    )


async def share_for_approval(request: web.Request) -> web.StreamResponse:
    org = await organisation(request)
    post_id = request.match_info["post_id"]
    try:
        await share(request, org, post_id)
    except DomainError as refused:
        raise await done(request, post_page(post_id), f"Not shared: {refused}", "error") from None
    raise await done(request, post_page(post_id), "Approval link made: send it to your client.")
