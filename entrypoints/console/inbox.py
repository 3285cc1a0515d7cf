"""The comments inbox: the organisation's conversations (one per video), newest first,
filtered by channel or to those awaiting a reply; a conversation with its thread, the
replies we sent and their state, a reply form, hide/unhide and deleting our own."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from aiohttp import web

from application.errors import TikTokApiError
from domain.comments import REPLY_MAX_CHARS, Comment
from domain.errors import RulesViolated
from entrypoints.business_views import comment_view, connection_view, intent_view
from entrypoints.console.pages import done, render
from entrypoints.console.session import organisation
from entrypoints.http.keys import CONTAINER
from entrypoints.views import channel_view, plain

INBOX = "/console/inbox"


def conversation_path(channel_id: str, video_id: str) -> str:
    return f"{INBOX}/{channel_id}/{video_id}"


async def page(request: web.Request) -> web.Response:
    org = await organisation(request)
    channel_id = request.query.get("channel_id") or None
    unanswered = request.query.get("unanswered") in ("1", "on", "true")
    found = (
        await request.app[CONTAINER]
        .business()
        .organisation_inbox(organisation_id=org, channel_id=channel_id, unanswered=unanswered)
    )
    return await render(
        request,
        "inbox.html",
        {
            "entries": [
                {"channel": channel_view(e.channel), "conversation": plain(e.conversation)}
                for e in found.entries
            ],
            "channels": [channel_view(c) for c in found.channels],
            "unread": found.unread,
            "channel_id": channel_id,
            "unanswered": unanswered,
        },
    )


def _threaded(messages: list[Comment]) -> list[dict[str, Any]]:
    """Top-level comments oldest first, each with its replies under it."""
    replies: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for m in messages:
        if m.parent_id:
            replies[m.parent_id].append(comment_view(m))
    known = {m.comment_id for m in messages}
    top = [m for m in messages if not m.parent_id or m.parent_id not in known]
    return [comment_view(m) | {"replies": replies.get(m.comment_id, [])} for m in top]


async def _conversation(
    request: web.Request,
    org: str,
    channel_id: str,
    video_id: str,
    *,
    draft: tuple[str, str] | None = None,
    problem: str = "",
    status: int = 200,
) -> web.Response:
    business = request.app[CONTAINER].business()
    channel, connection = await business.connections(organisation_id=org, channel_id=channel_id)
    thread = await business.thread(organisation_id=org, channel_id=channel_id, video_id=video_id)
    intents: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for intent in thread.replies:
        intents[intent.comment_id].append(intent_view(intent))
    return await render(
        request,
        "conversation.html",
        {
            "channel": channel_view(channel),
            "connection": connection_view(connection) if connection else None,
            "manage": connection is not None and connection.status.value == "connected",
            "video_id": video_id,
            "comments": _threaded(list(thread.messages)),
            "intents": intents,
            "draft_for": draft[0] if draft else "",
            "draft": draft[1] if draft else "",
            "problem": problem,
            "max_chars": REPLY_MAX_CHARS,
        },
        status=status,
    )


async def conversation(request: web.Request) -> web.Response:
    org = await organisation(request)
    return await _conversation(
        request, org, request.match_info["channel_id"], request.match_info["video_id"]
    )


async def reply(request: web.Request) -> web.StreamResponse:
    """A refused reply (empty, too long, TikTok said no) shows the page again with the
    reason and the text as typed; nothing is lost."""
    org = await organisation(request)
    channel_id, comment_id = request.match_info["channel_id"], request.match_info["comment_id"]
    form = await request.post()
    text = form.get("text")
    text = text if isinstance(text, str) else ""
    video_id = form.get("video_id")
    business = request.app[CONTAINER].business()
    try:
        outcome = await business.reply(
            organisation_id=org, channel_id=channel_id, comment_id=comment_id, text=text
        )
    except (RulesViolated, TikTokApiError) as refused:
        if not isinstance(video_id, str) or not video_id:
            raise
        told = refused.error.describe() if isinstance(refused, TikTokApiError) else str(refused)
        return await _conversation(
            request,
            org,
            channel_id,
            video_id,
            draft=(comment_id, text),
            problem=f"The reply was not sent: {told}",
            status=422 if isinstance(refused, RulesViolated) else 502,
        )
    state = outcome.intent.state.value
    raise await done(
        request,
        conversation_path(channel_id, outcome.intent.video_id),
        "Reply posted." if state == "posted" else f"Reply {state}.",
        "success" if state == "posted" else "warning",
    )


async def _moderate(request: web.Request, action: str) -> web.StreamResponse:
    org = await organisation(request)
    channel_id, comment_id = request.match_info["channel_id"], request.match_info["comment_id"]
    business = request.app[CONTAINER].business()
    ids = {"organisation_id": org, "channel_id": channel_id, "comment_id": comment_id}
    if action == "delete":
        changed = await business.delete(**ids)
        told = "Comment deleted at TikTok."
    else:
        changed = await business.hide(**ids, hidden=action == "hide")
        told = "Comment hidden." if action == "hide" else "Comment shown again."
    raise await done(request, conversation_path(channel_id, changed.video_id), told)


async def hide(request: web.Request) -> web.StreamResponse:
    return await _moderate(request, "hide")


async def unhide(request: web.Request) -> web.StreamResponse:
    return await _moderate(request, "unhide")


async def delete(request: web.Request) -> web.StreamResponse:
    return await _moderate(request, "delete")
