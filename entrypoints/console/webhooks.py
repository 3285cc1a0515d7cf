"""Webhooks for integrators: the organisation's endpoints (register, enable or disable,
rotate the secret, delete), the events sent with each delivery's attempts, and sending an
event again; the use-cases behind ``/v1/webhook-endpoints`` and ``/v1/events``.

A signing secret is shown once, in the answer to the form that made it (never through a
redirect, a flash message or the cookie), and never again."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

from aiohttp import web

from domain.outgoing_events import EventType
from domain.webhook_endpoint import WebhookEndpoint
from entrypoints.console.form_problems import FormProblems, checked, form, form_values
from entrypoints.console.pages import done, render
from entrypoints.console.session import organisation
from entrypoints.http.keys import CONTAINER
from entrypoints.http.v1 import event_schemas as es
from entrypoints.http.v1.schemas import structure

HOOKS = "/console/webhooks"
FIELDS = ("url", "event_types", "description")
OVERLAPS = (("0", "none: the old secret stops now"), ("3600", "1 hour"),
            ("86400", "24 hours"), ("604800", "7 days"))  # fmt: skip


def endpoint_page(endpoint_id: str) -> str:
    return f"{HOOKS}/{endpoint_id}"


def _endpoint_id(request: web.Request) -> str:
    return request.match_info["endpoint_id"]


async def _list_page(
    request: web.Request, org: str, register: dict[str, Any] | None = None, status: int = 200
) -> web.Response:
    c = request.app[CONTAINER]
    endpoints = await c.list_webhook_endpoints()(organisation_id=org)
    events = await c.list_events()(organisation_id=org, limit=50)
    return await render(
        request,
        "webhooks.html",
        {
            "endpoints": [es.endpoint_view(e) for e in endpoints],
            "events": [es.event_view(e) for e in events],
            "event_types": [t.value for t in EventType],
            "register": register or form("register"),
        },
        status=status,
    )


async def list_page(request: web.Request) -> web.Response:
    org = await organisation(request)
    return await _list_page(request, org)


async def _secret_page(
    request: web.Request, endpoint: WebhookEndpoint, secret: str, told: str, status: int
) -> web.Response:
    return await render(
        request,
        "webhook_secret.html",
        {"endpoint": es.endpoint_view(endpoint), "secret": secret, "told": told},
        status=status,
    )


async def register(request: web.Request) -> web.StreamResponse:
    org = await organisation(request)
    posted = await request.post()
    values = form_values(posted)
    chosen = [str(t) for t in posted.getall("event_types", [])]
    values["event_types"] = ",".join(chosen)

    async def run() -> Any:
        data = structure(
            {"url": values.get("url", "").strip(), "event_types": chosen,
             "description": values.get("description", "")},
            es.EndpointIn,
        )  # fmt: skip
        return await request.app[CONTAINER].register_webhook_endpoint()(
            organisation_id=org, url=data.url, event_types=data.event_types,
            description=data.description,
        )  # fmt: skip

    try:
        made = await checked(run, FIELDS)
    except FormProblems as problems:
        return await _list_page(request, org, form("register", values, problems), problems.status)
    return await _secret_page(
        request, made.endpoint, made.secret.reveal(), "Endpoint registered.", 201
    )


async def detail(request: web.Request) -> web.Response:
    org = await organisation(request)
    shown = await request.app[CONTAINER].show_webhook_endpoint()(
        organisation_id=org, endpoint_id=_endpoint_id(request), limit=50
    )
    return await render(
        request,
        "webhook.html",
        {
            "endpoint": es.endpoint_view(shown.endpoint),
            "deliveries": [es.delivery_view(d, shown.attempts) for d in shown.deliveries],
            "overlaps": OVERLAPS,
        },
    )


async def _set_enabled(request: web.Request, enabled: bool) -> web.StreamResponse:
    org = await organisation(request)
    changed = await request.app[CONTAINER].update_webhook_endpoint()(
        organisation_id=org, endpoint_id=_endpoint_id(request), enabled=enabled
    )
    told = "enabled: events are sent to it again" if enabled else "disabled: nothing is sent"
    raise await done(request, endpoint_page(changed.id), f"Endpoint {told}.")


async def enable(request: web.Request) -> web.StreamResponse:
    return await _set_enabled(request, True)


async def disable(request: web.Request) -> web.StreamResponse:
    return await _set_enabled(request, False)


async def rotate(request: web.Request) -> web.StreamResponse:
    org = await organisation(request)
    raw = form_values(await request.post()).get("overlap_seconds", "86400")
    overlap = structure(
        {"overlap_seconds": int(raw) if raw.isdigit() else raw}, es.RotateIn
    ).overlap_seconds
    rotated = await request.app[CONTAINER].rotate_webhook_secret()(
        organisation_id=org, endpoint_id=_endpoint_id(request), overlap=timedelta(seconds=overlap)
    )
    hours = overlap / 3600
    told = "Secret rotated." + (
        f" The old secret keeps signing for {hours:g} hour(s)." if overlap else ""
    )
    return await _secret_page(request, rotated.endpoint, rotated.secret.reveal(), told, 200)


async def delete(request: web.Request) -> web.StreamResponse:
    org = await organisation(request)
    await request.app[CONTAINER].delete_webhook_endpoint()(
        organisation_id=org, endpoint_id=_endpoint_id(request)
    )
    raise await done(request, HOOKS, "Endpoint deleted: nothing more is sent to it.")


async def event_page(request: web.Request) -> web.Response:
    org = await organisation(request)
    c = request.app[CONTAINER]
    event = await c.show_event()(organisation_id=org, event_id=request.match_info["event_id"])
    endpoints = await c.list_webhook_endpoints()(organisation_id=org)
    view = es.event_view(event)
    return await render(
        request,
        "webhook_event.html",
        {
            "event": view,
            "data": json.dumps(view.data, indent=2, sort_keys=True, default=str),
            "endpoints": [es.endpoint_view(e) for e in endpoints if e.wants(event.type)],
        },
    )


async def resend(request: web.Request) -> web.StreamResponse:
    """The event again: to one endpoint, or to every enabled endpoint that wants its type."""
    org = await organisation(request)
    event_id = request.match_info["event_id"]
    endpoint_id = form_values(await request.post()).get("endpoint_id") or None
    made = await request.app[CONTAINER].resend_event()(
        organisation_id=org, event_id=event_id, endpoint_id=endpoint_id
    )
    back = endpoint_page(endpoint_id) if endpoint_id else f"{HOOKS}/events/{event_id}"
    if not made:
        raise await done(request, back, "No enabled endpoint wants this event.", "warning")
    raise await done(request, back, f"Event {event_id} queued again: {len(made)} delivery(ies).")
