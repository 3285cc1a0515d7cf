"""The composer: a new post for a channel, following TikTok's Direct Post UX rules (facts
4.15): the creator's nickname, privacy chosen from the creator's options with no default,
interactions greyed out where the creator turned them off, the commercial-content and
AI-generated disclosures, the longest video checked before upload and again on the server.

A form with problems comes back with every value kept and the messages by their fields.
If the draft was saved but a later step (approval, schedule) was refused, the form keeps
the draft's id, so sending it again edits that draft instead of making a second one."""

from __future__ import annotations

from typing import Any

from aiohttp import web

from application.errors import CapReached, TikTokApiError
from domain.errors import DomainError, RulesViolated, RuleViolation
from domain.social_post import schedule_time_violations
from entrypoints.console.local_time import local_value
from entrypoints.console.pages import done, render
from entrypoints.console.post_form import (
    METHOD_LABELS,
    PRIVACY_LABELS,
    Composed,
    blank,
    notice,
    read,
)
from entrypoints.console.posts import post_page
from entrypoints.console.session import SIGNED_IN, organisation
from entrypoints.console.sharing import share
from entrypoints.http.keys import CONTAINER
from entrypoints.views import channel_view, creator_view


async def _channel_and_creator(
    request: web.Request, org: str, channel_id: str
) -> tuple[dict[str, Any], dict[str, Any] | None, str | None]:
    c = request.app[CONTAINER]
    shown = await c.show_channel()(organisation_id=org, channel_id=channel_id)
    channel = channel_view(shown.channel)
    if channel["status"] != "connected":
        return channel, None, f"the channel is {channel['status']}: connect it again first"
    try:
        creator = await c.creator_options()(organisation_id=org, channel_id=channel_id)
    except TikTokApiError as exc:
        return channel, None, exc.error.describe()
    return channel, creator_view(creator), None


async def _page(
    request: web.Request,
    org: str,
    channel_id: str,
    values: dict[str, Any],
    errors: dict[str, list[str]],
    *,
    status: int = 200,
) -> web.Response:
    channel, creator, note = await _channel_and_creator(request, org, channel_id)
    return await render(
        request,
        "post_new.html",
        {
            "channel": channel,
            "creator": creator,
            "creator_note": note,
            "form": values,
            "errors": errors,
            "notice": notice(values),
            "privacy_labels": {k.value: v for k, v in PRIVACY_LABELS.items()},
            "methods": [(k.value, v) for k, v in METHOD_LABELS.items()],
            "min_at": local_value(request.app[CONTAINER].clock().now(), channel["time_zone"]),
        },
        status=status,
    )


async def new_page(request: web.Request) -> web.Response:
    org = await organisation(request)
    channel_id = request.query.get("channel_id", "")
    if not channel_id:
        channels = await request.app[CONTAINER].list_channels()(organisation_id=org)
        return await render(
            request,
            "post_pick_channel.html",
            {"channels": [channel_view(c) for c in channels if c.status.value == "connected"]},
        )
    return await _page(request, org, channel_id, blank(channel_id), {})


def _person(request: web.Request) -> str:
    who = request[SIGNED_IN]
    return f"console: {who.key_name or who.key_id}"


async def create(request: web.Request) -> web.StreamResponse:
    org = await organisation(request)
    c = request.app[CONTAINER]
    form = await request.post()
    channel_id = form.get("channel_id")
    if not isinstance(channel_id, str) or not channel_id:
        raise web.HTTPBadRequest(reason="the form names no channel")
    channel = (await c.show_channel()(organisation_id=org, channel_id=channel_id)).channel
    composed = read(form, channel_id=channel_id, time_zone=channel.time_zone)
    if composed.at is not None:
        composed = composed.with_violations(schedule_time_violations(composed.at, c.clock().now()))
    if not composed.ok:
        return await _page(request, org, channel_id, composed.values, composed.errors, status=422)
    try:
        post_id = await _save(request, org, composed)
    except RulesViolated as refused:
        composed = composed.with_violations(refused.violations)
        return await _page(request, org, channel_id, composed.values, composed.errors, status=422)
    composed.values["post_id"] = post_id  # saved: sending the form again edits this draft
    try:
        message = await _next_step(request, org, post_id, composed)
    except RulesViolated as refused:
        composed = composed.with_violations(refused.violations)
        composed.errors.setdefault("form", []).insert(0, _saved_but("it was saved as a draft"))
        return await _page(request, org, channel_id, composed.values, composed.errors, status=422)
    except (DomainError, CapReached) as refused:
        composed = composed.with_violations([RuleViolation("refused", "form", str(refused))])
        composed.errors["form"].insert(0, _saved_but("it was saved as a draft"))
        return await _page(request, org, channel_id, composed.values, composed.errors, status=422)
    raise await done(request, post_page(post_id), message)


def _saved_but(state: str) -> str:
    return f"The post was not sent on: {state}. Fix what is marked and send the form again."


async def _save(request: web.Request, org: str, composed: Composed) -> str:
    c = request.app[CONTAINER]
    post_id = composed.values["post_id"]
    if post_id:
        edited = await c.edit_post()(
            organisation_id=org,
            post_id=post_id,
            caption=composed.content.caption,
            title=composed.content.title,
            description=composed.content.description,
            settings=composed.settings,
            media=composed.media,
            remove_media=composed.media is None,
        )
        return str(edited.id)
    created = await c.create_post()(
        organisation_id=org,
        channel_id=composed.values["channel_id"],
        kind=composed.kind,
        content=composed.content,
        settings=composed.settings,
        media=composed.media,
        created_by=_person(request),
    )
    return str(created.post.id)


async def _next_step(request: web.Request, org: str, post_id: str, composed: Composed) -> str:
    c = request.app[CONTAINER]
    step = composed.values["next"]
    if step == "approval":
        await share(request, org, post_id)
        return "Saved as a draft. Send the approval link below to your client."
    if step == "schedule" and composed.at is not None:
        await c.approve_post()(organisation_id=org, post_id=post_id, approved_by=_person(request))
        ready = await c.schedule_post()(organisation_id=org, post_id=post_id, at=composed.at)
        if ready.manual:
            return "Saved. It cannot go through TikTok's API: it waits for manual publishing."
        warned = " Note: " + "; ".join(ready.warnings) if ready.warnings else ""
        return f"Scheduled for {composed.at:%Y-%m-%d %H:%M} UTC.{warned}"
    return "Saved as a draft."
