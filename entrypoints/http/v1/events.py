"""/v1/webhook-endpoints and /v1/events: where an organisation's outgoing events go, what
was sent, and sending again."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from aiohttp import web

from domain.event_delivery import DeliveryStatus
from domain.outgoing_events import EventType
from entrypoints.http.keys import CONTAINER
from entrypoints.http.v1 import event_schemas as es
from entrypoints.http.v1.common import answer, body, org, query_int


def _json(value: Any, status: int = 200) -> web.Response:
    return answer(es.views.unstructure(value), status)


def _choice(request: web.Request, name: str, kind: type[Any]) -> Any:
    raw = request.query.get(name)
    if raw is None:
        return None
    try:
        return kind(raw)
    except ValueError:
        allowed = ", ".join(m.value for m in kind)
        raise web.HTTPBadRequest(reason=f"{name} must be one of {allowed}") from None


async def create_endpoint(request: web.Request) -> web.Response:
    data = await body(request, es.EndpointIn)
    made = await request.app[CONTAINER].register_webhook_endpoint()(
        organisation_id=org(request),
        url=data.url,
        event_types=data.event_types,
        description=data.description,
    )
    return _json(es.EndpointCreated(es.endpoint_view(made.endpoint), made.secret.reveal()), 201)


async def list_endpoints(request: web.Request) -> web.Response:
    found = await request.app[CONTAINER].list_webhook_endpoints()(organisation_id=org(request))
    return _json(es.EndpointList([es.endpoint_view(e) for e in found]))


async def show_endpoint(request: web.Request) -> web.Response:
    shown = await request.app[CONTAINER].show_webhook_endpoint()(
        organisation_id=org(request),
        endpoint_id=request.match_info["endpoint_id"],
        status=_choice(request, "status", DeliveryStatus),
        limit=query_int(request, "limit", 50, 1, 200),
    )
    return _json(
        es.EndpointDetail(
            es.endpoint_view(shown.endpoint),
            [es.delivery_view(d, shown.attempts) for d in shown.deliveries],
        )
    )


async def update_endpoint(request: web.Request) -> web.Response:
    data = await body(request, es.EndpointPatchIn)
    updated = await request.app[CONTAINER].update_webhook_endpoint()(
        organisation_id=org(request),
        endpoint_id=request.match_info["endpoint_id"],
        url=data.url,
        event_types=data.event_types,
        description=data.description,
        enabled=data.enabled,
    )
    return _json(es.endpoint_view(updated))


async def delete_endpoint(request: web.Request) -> web.Response:
    endpoint_id = request.match_info["endpoint_id"]
    await request.app[CONTAINER].delete_webhook_endpoint()(
        organisation_id=org(request), endpoint_id=endpoint_id
    )
    return _json(es.Deleted(endpoint_id, True))


async def rotate_secret(request: web.Request) -> web.Response:
    data = await body(request, es.RotateIn)
    rotated = await request.app[CONTAINER].rotate_webhook_secret()(
        organisation_id=org(request),
        endpoint_id=request.match_info["endpoint_id"],
        overlap=timedelta(seconds=data.overlap_seconds),
    )
    return _json(es.EndpointCreated(es.endpoint_view(rotated.endpoint), rotated.secret.reveal()))


async def list_events(request: web.Request) -> web.Response:
    limit = query_int(request, "limit", 50, 1, 200)
    found = await request.app[CONTAINER].list_events()(
        organisation_id=org(request),
        event_type=_choice(request, "type", EventType),
        ordering_key=request.query.get("subject_id"),
        after_id=request.query.get("after"),
        limit=limit,
    )
    after = found[-1].id if len(found) == limit else None
    return _json(es.EventList([es.event_view(e) for e in found], after))


async def show_event(request: web.Request) -> web.Response:
    event = await request.app[CONTAINER].show_event()(
        organisation_id=org(request), event_id=request.match_info["event_id"]
    )
    return _json(es.event_view(event))


async def resend_event(request: web.Request) -> web.Response:
    data = await body(request, es.ResendIn)
    made = await request.app[CONTAINER].resend_event()(
        organisation_id=org(request),
        event_id=request.match_info["event_id"],
        endpoint_id=data.endpoint_id,
    )
    return _json(es.Resent([es.delivery_view(d) for d in made]), 202)
