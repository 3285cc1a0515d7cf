"""Ports for outgoing events: the outbox, the endpoints, and the sender."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Protocol

import attrs

from domain.event_delivery import AttemptOutcome, Delivery, DeliveryStatus
from domain.outgoing_events import EventType, OutgoingEvent
from domain.secret import Secret
from domain.webhook_endpoint import WebhookEndpoint


@attrs.frozen
class DeliveryJob:
    """A leased delivery with what sending it needs."""

    delivery: Delivery
    event: OutgoingEvent
    endpoint: WebhookEndpoint


@attrs.frozen
class RecordedAttempt:
    delivery_id: int
    outcome: AttemptOutcome


class Outbox(Protocol):
    """Outgoing events, written in the transaction of the change that caused them."""

    async def add(self, events: Sequence[OutgoingEvent]) -> None:
        """Store the events (an id stored before is skipped) and a pending delivery for
        each enabled endpoint of the organisation that wants the type."""
        ...

    async def get(self, organisation_id: str, event_id: str) -> OutgoingEvent:
        """Raises NotFound (also for another organisation's event)."""
        ...

    async def list(
        self,
        organisation_id: str,
        *,
        event_type: EventType | None = None,
        ordering_key: str | None = None,
        after_id: str | None = None,
        limit: int = 50,
    ) -> Sequence[OutgoingEvent]:
        """Oldest first; ``after_id`` pages on from an event of the same organisation."""
        ...

    async def redeliver(
        self, event: OutgoingEvent, endpoint: WebhookEndpoint, *, now: datetime
    ) -> Delivery:
        """A new pending delivery of a stored event to an endpoint (re-send)."""
        ...

    async def claim(
        self, *, now: datetime, worker_id: str, lease_for: timedelta, limit: int
    ) -> Sequence[DeliveryJob]:
        """Lease due deliveries to enabled endpoints, each the oldest pending one of its
        endpoint and ordering key (so one post's events arrive in order)."""
        ...

    async def record(self, delivery: Delivery, outcome: AttemptOutcome) -> None:
        """Store the delivery's new state, the attempt, and free its lease."""
        ...

    async def deliveries(
        self,
        endpoint_id: str,
        *,
        status: DeliveryStatus | None = None,
        limit: int = 50,
    ) -> Sequence[Delivery]:
        """Newest first."""
        ...

    async def attempts(self, delivery_ids: Sequence[int]) -> Sequence[RecordedAttempt]: ...

    async def purge(self, *, before: datetime) -> int:
        """Forget events (and their deliveries) written before ``before``."""
        ...


class WebhookEndpointRepository(Protocol):
    async def add(self, endpoint: WebhookEndpoint) -> WebhookEndpoint: ...

    async def get(self, organisation_id: str, endpoint_id: str) -> WebhookEndpoint:
        """Raises NotFound (also for another organisation's endpoint)."""
        ...

    async def list(self, organisation_id: str) -> Sequence[WebhookEndpoint]: ...

    async def save(self, endpoint: WebhookEndpoint) -> WebhookEndpoint:
        """Raises Conflict if the stored version moved on."""
        ...

    async def delete(self, organisation_id: str, endpoint_id: str) -> None: ...


class EventSender(Protocol):
    async def send(
        self, *, url: str, event: OutgoingEvent, secrets: Sequence[Secret], now: datetime
    ) -> AttemptOutcome:
        """POST the event signed by the Standard Webhooks scheme; never raises for the
        receiver's failures (they are the outcome)."""
        ...
