"""Request and response shapes of /v1/webhook-endpoints and /v1/events: the public API's
own classes (the OpenAPI document is generated from them), and the views that fill them."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

import attrs
import cattrs
from cattrs.gen import make_dict_structure_fn

from application.ports.outgoing import RecordedAttempt
from domain.event_delivery import Delivery
from domain.outgoing_events import OutgoingEvent
from domain.webhook_endpoint import WebhookEndpoint
from entrypoints.http.v1.event_payloads import PAYLOADS, EventData
from entrypoints.http.v1.schemas import ID_MAX, NAME_MAX, URL_MAX, number, text, texts
from entrypoints.http.v1.schemas import converter as strict


@attrs.frozen
class EndpointIn:
    url: str = text(URL_MAX)
    event_types: list[str] = texts(50, 100, attrs.Factory(list))  # empty: every type
    description: str = text(NAME_MAX, "")


@attrs.frozen
class EndpointPatchIn:
    url: str | None = text(URL_MAX, None)
    event_types: list[str] | None = texts(50, 100, None)
    description: str | None = text(NAME_MAX, None)
    enabled: bool | None = None  # true re-enables a disabled endpoint


@attrs.frozen
class RotateIn:
    overlap_seconds: int = number(0, 7 * 86_400, 86_400)  # the old secret keeps signing


@attrs.frozen
class ResendIn:
    endpoint_id: str | None = text(ID_MAX, None)  # none: every enabled endpoint for the type


for _cls in (EndpointIn, EndpointPatchIn, RotateIn, ResendIn):
    strict.register_structure_hook(
        _cls, make_dict_structure_fn(_cls, strict, _cattrs_forbid_extra_keys=True)
    )


@attrs.frozen
class SecretInfo:
    created_at: datetime
    expires_at: datetime | None


@attrs.frozen
class Endpoint:
    id: str
    url: str
    description: str
    event_types: list[str]
    enabled: bool
    disabled_reason: str
    disabled_at: datetime | None
    created_at: datetime
    secrets: list[SecretInfo]  # never the secret itself


@attrs.frozen
class EndpointCreated:
    endpoint: Endpoint
    secret: str  # shown once


@attrs.frozen
class EndpointList:
    items: list[Endpoint]


@attrs.frozen
class Attempt:
    attempted_at: datetime
    status_code: int | None
    error: str
    duration_ms: int


@attrs.frozen
class DeliveryOut:
    id: int
    event_id: str
    status: str
    attempts: int
    next_attempt_at: datetime | None
    last_error: str
    delivered_at: datetime | None
    attempt_log: list[Attempt]


@attrs.frozen
class EndpointDetail:
    endpoint: Endpoint
    deliveries: list[DeliveryOut]


@attrs.frozen
class Event:
    id: str
    type: str
    ordering_key: str
    occurred_at: datetime
    data: EventData  # the type's payload, as the webhook delivering it carries it


@attrs.frozen
class EventList:
    items: list[Event]
    next_after: str | None


@attrs.frozen
class Resent:
    deliveries: list[DeliveryOut]


@attrs.frozen
class Deleted:
    id: str
    deleted: bool


views = cattrs.Converter()
views.register_unstructure_hook(datetime, lambda d: d.isoformat())
views.register_structure_hook(datetime, lambda v, _: datetime.fromisoformat(v))


def endpoint_view(e: WebhookEndpoint) -> Endpoint:
    return Endpoint(
        e.id,
        e.url,
        e.description,
        sorted(t.value for t in e.event_types),
        e.enabled,
        e.disabled_reason,
        e.disabled_at,
        e.created_at,
        [SecretInfo(s.created_at, s.expires_at) for s in e.secrets],
    )


def delivery_view(d: Delivery, attempts: Sequence[RecordedAttempt] = ()) -> DeliveryOut:
    return DeliveryOut(
        d.id,
        d.event_id,
        d.status.value,
        d.attempts,
        d.next_attempt_at,
        d.last_error,
        d.delivered_at,
        [
            Attempt(
                a.outcome.attempted_at,
                a.outcome.status_code,
                a.outcome.error,
                a.outcome.duration_ms,
            )
            for a in attempts
            if a.delivery_id == d.id
        ],
    )


def event_view(e: OutgoingEvent) -> Event:
    data = views.structure(e.data, PAYLOADS[e.type])  # its type's payload class, by name
    return Event(e.id, e.type.value, e.ordering_key, e.occurred_at, data)
