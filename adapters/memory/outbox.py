"""Outgoing events in memory: the outbox, the endpoints and their deliveries.

Events and endpoint writes are buffered by the unit of work and applied at its commit
(a rolled-back change leaves no event); claims and attempt records act at once, like the
post leases, since their callers commit straight after.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

import attrs

from application.errors import Conflict, NotFound
from application.ports.outgoing import DeliveryJob, RecordedAttempt
from domain.event_delivery import AttemptOutcome, Delivery, DeliveryStatus
from domain.outgoing_events import EventType, OutgoingEvent
from domain.webhook_endpoint import WebhookEndpoint


@attrs.define
class _Lease:
    worker_id: str
    until: datetime


@attrs.define
class OutboxState:
    """Committed outgoing-event rows (one per MemoryStore)."""

    endpoints: dict[str, WebhookEndpoint] = attrs.Factory(dict)
    events: dict[str, OutgoingEvent] = attrs.Factory(dict)  # insertion order is seq order
    deliveries: dict[int, Delivery] = attrs.Factory(dict)
    attempts: list[RecordedAttempt] = attrs.Factory(list)
    leases: dict[int, _Lease] = attrs.Factory(dict)
    next_delivery: int = 1

    def fan_out(self, event: OutgoingEvent) -> None:
        for endpoint in self.endpoints.values():
            if (
                endpoint.organisation_id == event.organisation_id
                and endpoint.enabled
                and endpoint.wants(event.type)
            ):
                self.new_delivery(event, endpoint, at=event.occurred_at)

    def new_delivery(
        self, event: OutgoingEvent, endpoint: WebhookEndpoint, *, at: datetime
    ) -> Delivery:
        delivery = Delivery(
            self.next_delivery,
            event.id,
            endpoint.id,
            event.organisation_id,
            event.ordering_key,
            created_at=at,
            next_attempt_at=at,
        )
        self.deliveries[delivery.id] = delivery
        self.next_delivery += 1
        return delivery


@attrs.define
class MemoryOutboxWrites:
    """What one unit of work wrote and has not committed."""

    events: list[OutgoingEvent] = attrs.Factory(list)
    endpoints: dict[str, WebhookEndpoint | None] = attrs.Factory(dict)  # None: deleted

    def clear(self) -> None:
        self.events.clear()
        self.endpoints.clear()

    def apply(self, state: OutboxState) -> None:
        for key, endpoint in self.endpoints.items():
            if endpoint is None:
                state.endpoints.pop(key, None)
                for d in [d for d in state.deliveries.values() if d.endpoint_id == key]:
                    del state.deliveries[d.id]
            else:
                state.endpoints[key] = endpoint
        for event in self.events:
            if event.id not in state.events:
                state.events[event.id] = event
                state.fan_out(event)


@attrs.define
class MemoryOutbox:
    state: OutboxState
    writes: MemoryOutboxWrites

    async def add(self, events: Sequence[OutgoingEvent]) -> None:
        self.writes.events.extend(events)

    def _visible(self) -> dict[str, OutgoingEvent]:
        pending = {e.id: e for e in self.writes.events if e.id not in self.state.events}
        return {**self.state.events, **pending}

    async def get(self, organisation_id: str, event_id: str) -> OutgoingEvent:
        event = self._visible().get(event_id)
        if event is None or event.organisation_id != organisation_id:
            raise NotFound("event", event_id)
        return event

    async def list(
        self,
        organisation_id: str,
        *,
        event_type: EventType | None = None,
        ordering_key: str | None = None,
        after_id: str | None = None,
        limit: int = 50,
    ) -> Sequence[OutgoingEvent]:
        rows = [e for e in self._visible().values() if e.organisation_id == organisation_id]
        if after_id is not None:
            ids = [e.id for e in rows]
            rows = rows[ids.index(after_id) + 1 :] if after_id in ids else []
        rows = [
            e
            for e in rows
            if (event_type is None or e.type is event_type)
            and (ordering_key is None or e.ordering_key == ordering_key)
        ]
        return rows[:limit]

    async def redeliver(
        self, event: OutgoingEvent, endpoint: WebhookEndpoint, *, now: datetime
    ) -> Delivery:
        return self.state.new_delivery(event, endpoint, at=now)

    async def claim(
        self, *, now: datetime, worker_id: str, lease_for: timedelta, limit: int
    ) -> Sequence[DeliveryJob]:
        state = self.state
        first_pending: dict[tuple[str, str], Delivery] = {}
        for d in sorted(state.deliveries.values(), key=lambda d: d.id):
            if d.status is DeliveryStatus.PENDING:
                first_pending.setdefault((d.endpoint_id, d.ordering_key), d)
        jobs = []
        due = sorted(
            (d for d in first_pending.values() if d.next_attempt_at and d.next_attempt_at <= now),
            key=lambda d: (d.next_attempt_at, d.id),
        )
        for d in due:
            endpoint = state.endpoints.get(d.endpoint_id)
            lease = state.leases.get(d.id)
            if endpoint is None or not endpoint.enabled or (lease and lease.until > now):
                continue
            state.leases[d.id] = _Lease(worker_id, now + lease_for)
            jobs.append(DeliveryJob(d, state.events[d.event_id], endpoint))
            if len(jobs) == limit:
                break
        return jobs

    async def record(self, delivery: Delivery, outcome: AttemptOutcome) -> None:
        if delivery.id not in self.state.deliveries:
            raise NotFound("delivery", str(delivery.id))
        self.state.deliveries[delivery.id] = delivery
        self.state.attempts.append(RecordedAttempt(delivery.id, outcome))
        self.state.leases.pop(delivery.id, None)

    async def deliveries(
        self, endpoint_id: str, *, status: DeliveryStatus | None = None, limit: int = 50
    ) -> Sequence[Delivery]:
        rows = [
            d
            for d in sorted(self.state.deliveries.values(), key=lambda d: -d.id)
            if d.endpoint_id == endpoint_id and (status is None or d.status is status)
        ]
        return rows[:limit]

    async def attempts(self, delivery_ids: Sequence[int]) -> Sequence[RecordedAttempt]:
        wanted = set(delivery_ids)
        return [a for a in self.state.attempts if a.delivery_id in wanted]

    async def purge(self, *, before: datetime) -> int:
        old = {k for k, e in self.state.events.items() if e.occurred_at < before}
        for key in old:
            del self.state.events[key]
        for d in [d for d in self.state.deliveries.values() if d.event_id in old]:
            del self.state.deliveries[d.id]
        kept = set(self.state.deliveries)
        self.state.attempts[:] = [a for a in self.state.attempts if a.delivery_id in kept]
        return len(old)


@attrs.define
class MemoryWebhookEndpointRepository:
    state: OutboxState
    writes: MemoryOutboxWrites

    def _all(self) -> dict[str, WebhookEndpoint]:
        merged: dict[str, WebhookEndpoint | None] = {
            **self.state.endpoints,
            **self.writes.endpoints,
        }
        return {k: v for k, v in merged.items() if v is not None}

    async def add(self, endpoint: WebhookEndpoint) -> WebhookEndpoint:
        if endpoint.id in self._all():
            raise Conflict(f"endpoint {endpoint.id} exists already")
        stored = attrs.evolve(endpoint, version=1)
        self.writes.endpoints[endpoint.id] = stored
        return stored

    async def get(self, organisation_id: str, endpoint_id: str) -> WebhookEndpoint:
        endpoint = self._all().get(endpoint_id)
        if endpoint is None or endpoint.organisation_id != organisation_id:
            raise NotFound("webhook endpoint", endpoint_id)
        return endpoint

    async def list(self, organisation_id: str) -> Sequence[WebhookEndpoint]:
        return sorted(
            (e for e in self._all().values() if e.organisation_id == organisation_id),
            key=lambda e: (e.created_at, e.id),
        )

    async def save(self, endpoint: WebhookEndpoint) -> WebhookEndpoint:
        current = self._all().get(endpoint.id)
        if current is None:
            raise NotFound("webhook endpoint", endpoint.id)
        if current.version != endpoint.version:
            raise Conflict(f"endpoint {endpoint.id} was changed by someone else")
        stored = attrs.evolve(endpoint, version=endpoint.version + 1)
        self.writes.endpoints[endpoint.id] = stored
        return stored

    async def delete(self, organisation_id: str, endpoint_id: str) -> None:
        await self.get(organisation_id, endpoint_id)
        self.writes.endpoints[endpoint_id] = None
