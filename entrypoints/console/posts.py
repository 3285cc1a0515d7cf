"""Posts: the board by status (with an optional channel filter) and the actions a post
offers there and on its page; each action is the API's use-case, answered with a flash."""

from __future__ import annotations

from aiohttp import web

from application.errors import CapReached
from application.ports import PostFilter
from application.readiness import Readiness
from domain.errors import DomainError, RuleViolation
from domain.post_state import ManualReason
from entrypoints.console.local_time import parse_local
from entrypoints.console.pages import done, render
from entrypoints.console.post_actions import COLUMNS, card
from entrypoints.console.session import SIGNED_IN, organisation
from entrypoints.http.keys import CONTAINER

BOARD = "/console/posts"
PER_COLUMN = 50


def post_page(post_id: str) -> str:
    return f"{BOARD}/{post_id}"


def _post_id(request: web.Request) -> str:
    return request.match_info["post_id"]


def _person(request: web.Request) -> str:
    """Who acts in the console: the signed-in key's name (or id)."""
    who = request[SIGNED_IN]
    return f"console: {who.key_name or who.key_id}"


async def board(request: web.Request) -> web.Response:
    org = await organisation(request)
    container = request.app[CONTAINER]
    channel_id = request.query.get("channel_id") or None
    channels = await container.list_channels()(organisation_id=org)
    names = {c.id: c.display_name or c.username or c.open_id for c in channels}
    if channel_id is not None and channel_id not in names:
        channel_id = None  # not one of ours: the whole board
    columns = []
    for status, label in COLUMNS:
        posts = await container.list_posts()(PostFilter(org, status, channel_id, PER_COLUMN))
        columns.append(
            {
                "status": status.value,
                "label": label,
                "posts": [card(p, names.get(p.channel_id, p.channel_id)) for p in posts],
                "more": len(posts) == PER_COLUMN,
            }
        )
    return await render(
        request,
        "posts.html",
        {
            "columns": columns,
            "channels": [c for c in channels if c.status.value == "connected"],
            "all_channels": channels,
            "channel_id": channel_id,
        },
    )


async def _back(request: web.Request) -> str:
    form = await request.post()
    raw = form.get("next")
    target = raw if isinstance(raw, str) else ""
    if target.startswith(BOARD) and "//" not in target and "\\" not in target:
        return target
    return post_page(_post_id(request))


async def _field(request: web.Request, name: str) -> str:
    value = (await request.post()).get(name)
    return value if isinstance(value, str) else ""


async def act(request: web.Request) -> web.StreamResponse:
    """POST /console/posts/{post_id}/{action}: one of the offered actions."""
    org = await organisation(request)
    post_id, action = _post_id(request), request.match_info["action"]
    back = await _back(request)
    c = request.app[CONTAINER]
    try:
        if action == "approve":
            await c.approve_post()(
                organisation_id=org, post_id=post_id, approved_by=_person(request)
            )
            message = "Approved."
        elif action == "publish-now":
            ready = await c.publish_post_now()(organisation_id=org, post_id=post_id)
            message = _readiness(ready, "Publishing now: the publisher takes it within a minute.")
        elif action == "unschedule":
            await c.unschedule_post()(organisation_id=org, post_id=post_id)
            message = "Taken off the schedule; it stays approved."
        elif action == "retry":
            forced = await _field(request, "force") == "yes"
            await c.retry_post()(organisation_id=org, post_id=post_id, force=forced)
            message = "Sent again: the publisher takes it within a minute."
        elif action == "to-manual":
            await c.move_post_to_manual()(
                organisation_id=org,
                post_id=post_id,
                reason=ManualReason.CHOSEN,
                detail=f"moved by {_person(request)}",
            )
            message = "Moved to manual publishing: post it by hand from its manual page."
        elif action == "schedule":
            message = await _schedule(request, org, post_id)
        else:
            raise web.HTTPNotFound()
    except (DomainError, CapReached) as refused:
        raise await done(request, back, f"Not done: {refused}", "error") from None
    raise await done(request, back, message)


async def _schedule(request: web.Request, org: str, post_id: str) -> str:
    c = request.app[CONTAINER]
    shown = await c.show_post()(organisation_id=org, post_id=post_id)
    channel = (await c.show_channel()(organisation_id=org, channel_id=shown.channel_id)).channel
    at = parse_local(await _field(request, "at"), channel.time_zone)
    if isinstance(at, RuleViolation):
        raise DomainError(at.describe())
    ready = await c.schedule_post()(organisation_id=org, post_id=post_id, at=at)
    return _readiness(ready, f"Scheduled for {at:%Y-%m-%d %H:%M} UTC.")


def _readiness(ready: Readiness, message: str) -> str:
    """What schedule or publish-now did: the post may have gone to manual publishing."""
    if ready.manual:
        return "This post cannot go through TikTok's API: it is waiting for manual publishing."
    return message + (" Note: " + "; ".join(ready.warnings) if ready.warnings else "")
