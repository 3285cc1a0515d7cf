"""Outgoing events in PostgreSQL: the outbox, endpoints with sealed secrets, deliveries.

``add`` inserts each event and, in the same statement, a pending delivery for every
enabled endpoint of the organisation that wants its type: the caller's transaction holds
the change, its events and their deliveries together.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime, timedelta

import asyncpg
import attrs

from adapters.postgres.session import PgSession
from application.errors import Conflict, NotFound
from application.ports import Ciphertext, TokenCipher
from application.ports.outgoing import DeliveryJob, RecordedAttempt
from domain.event_delivery import AttemptOutcome, Delivery, DeliveryStatus
from domain.outgoing_events import EventType, OutgoingEvent
from domain.secret import Secret
from domain.webhook_endpoint import SigningSecret, WebhookEndpoint

EVENT_COLUMNS = "e.id, e.organisation_id, e.type, e.ordering_key, e.occurred_at, e.data"
DELIVERY_COLUMNS = (
    "d.id AS d_id, d.event_id, d.endpoint_id, d.organisation_id AS d_org, d.ordering_key AS"
    " d_key, d.created_at AS d_created, d.status, d.attempts, d.next_attempt_at,"
    " d.last_error, d.delivered_at"
)
ENDPOINT_COLUMNS = (
    "w.id AS w_id, w.organisation_id AS w_org, w.url, w.event_types, w.created_at AS"
    " w_created, w.description, w.enabled, w.disabled_reason, w.disabled_at, w.version"
)

INSERT_EVENT = """
WITH event AS (
    INSERT INTO outgoing_events (id, organisation_id, type, ordering_key, occurred_at, data)
    VALUES ($1, $2, $3, $4, $5, $6::jsonb)
    ON CONFLICT (id) DO NOTHING
    RETURNING id, organisation_id, type, ordering_key, occurred_at
)
INSERT INTO webhook_deliveries
    (event_id, endpoint_id, organisation_id, ordering_key, status, next_attempt_at, created_at)
SELECT event.id, w.id, event.organisation_id, event.ordering_key, 'pending',
       event.occurred_at, event.occurred_at
FROM event JOIN webhook_endpoints w
  ON w.organisation_id = event.organisation_id AND w.enabled
 AND event.type = ANY (w.event_types)
ORDER BY w.id
"""

CLAIM = f"""
WITH due AS (
    SELECT d.id FROM webhook_deliveries d
    JOIN webhook_endpoints w ON w.id = d.endpoint_id AND w.enabled
    WHERE d.status = 'pending' AND d.next_attempt_at <= $1
      AND (d.lease_until IS NULL OR d.lease_until <= $1)
      AND NOT EXISTS (
          SELECT 1 FROM webhook_deliveries earlier
          WHERE earlier.endpoint_id = d.endpoint_id AND earlier.ordering_key = d.ordering_key
            AND earlier.status = 'pending' AND earlier.id < d.id)
    ORDER BY d.next_attempt_at, d.id
    LIMIT $4
    FOR UPDATE OF d SKIP LOCKED
), leased AS (
    UPDATE webhook_deliveries d SET leased_by = $2, lease_until = $1 + $3::interval
    FROM due WHERE d.id = due.id
    RETURNING d.*
)
SELECT {DELIVERY_COLUMNS}, {EVENT_COLUMNS}, {ENDPOINT_COLUMNS}
FROM leased d
JOIN outgoing_events e ON e.id = d.event_id
JOIN webhook_endpoints w ON w.id = d.endpoint_id
ORDER BY d.next_attempt_at, d.id
"""


def _event(row: asyncpg.Record) -> OutgoingEvent:
    return OutgoingEvent(
        id=row["id"],
        organisation_id=row["organisation_id"],
        type=EventType(row["type"]),
        ordering_key=row["ordering_key"],
        occurred_at=row["occurred_at"],
        data=json.loads(row["data"]),
    )


def _delivery(row: asyncpg.Record) -> Delivery:
    return Delivery(
        id=row["d_id"],
        event_id=row["event_id"],
        endpoint_id=row["endpoint_id"],
        organisation_id=row["d_org"],
        ordering_key=row["d_key"],
        created_at=row["d_created"],
        status=DeliveryStatus(row["status"]),
        attempts=row["attempts"],
        next_attempt_at=row["next_attempt_at"],
        last_error=row["last_error"],
        delivered_at=row["delivered_at"],
    )


async def record_outgoing(conn: PgSession, events: Sequence[OutgoingEvent]) -> None:
    """Write the events and their deliveries in the caller's transaction."""
    if events:
        await conn.executemany(
            INSERT_EVENT,
            [
                (
                    e.id,
                    e.organisation_id,
                    e.type.value,
                    e.ordering_key,
                    e.occurred_at,
                    json.dumps(e.data),
                )
                for e in events
            ],
        )


class PgOutbox:
    def __init__(self, conn: PgSession, cipher: TokenCipher) -> None:
        self.conn = conn
        self.cipher = cipher

    async def add(self, events: Sequence[OutgoingEvent]) -> None:
        await record_outgoing(self.conn, events)

    async def get(self, organisation_id: str, event_id: str) -> OutgoingEvent:
        row = await self.conn.fetchrow(
            f"SELECT {EVENT_COLUMNS} FROM outgoing_events e"
            " WHERE e.id = $1 AND e.organisation_id = $2",
            event_id,
            organisation_id,
        )
        if row is None:
            raise NotFound("event", event_id)
        return _event(row)

    async def list(
        self,
        organisation_id: str,
        *,
        event_type: EventType | None = None,
        ordering_key: str | None = None,
        after_id: str | None = None,
        limit: int = 50,
    ) -> Sequence[OutgoingEvent]:
        conditions, args = ["e.organisation_id = $1"], [organisation_id]
        if event_type is not None:
            args.append(event_type.value)
            conditions.append(f"e.type = ${len(args)}")
        if ordering_key is not None:
            args.append(ordering_key)
            conditions.append(f"e.ordering_key = ${len(args)}")
        if after_id is not None:
            args.append(after_id)
            conditions.append(
                "e.seq > coalesce((SELECT seq FROM outgoing_events"
                f" WHERE id = ${len(args)} AND organisation_id = $1), 9223372036854775807)"
            )
        rows = await self.conn.fetch(
            f"SELECT {EVENT_COLUMNS} FROM outgoing_events e WHERE {' AND '.join(conditions)}"
            f" ORDER BY e.seq LIMIT {int(limit)}",
            *args,
        )
        return [_event(r) for r in rows]

    async def redeliver(
        self, event: OutgoingEvent, endpoint: WebhookEndpoint, *, now: datetime
    ) -> Delivery:
        row = await self.conn.fetchrow(
            "INSERT INTO webhook_deliveries (event_id, endpoint_id, organisation_id,"
            " ordering_key, status, next_attempt_at, created_at)"
            " VALUES ($1, $2, $3, $4, 'pending', $5, $5)"
            " RETURNING id AS d_id, event_id, endpoint_id, organisation_id AS d_org,"
            " ordering_key AS d_key, created_at AS d_created, status, attempts,"
            " next_attempt_at, last_error, delivered_at",
            event.id,
            endpoint.id,
            event.organisation_id,
            event.ordering_key,
            now,
        )
        assert row is not None
        return _delivery(row)

    async def claim(
        self, *, now: datetime, worker_id: str, lease_for: timedelta, limit: int
    ) -> Sequence[DeliveryJob]:
        rows = await self.conn.fetch(CLAIM, now, worker_id, lease_for, limit)
        secrets = await _secrets(self.conn, self.cipher, {r["w_id"] for r in rows})
        return [
            DeliveryJob(_delivery(r), _event(r), _endpoint(r, secrets.get(r["w_id"], ())))
            for r in rows
        ]

    async def record(self, delivery: Delivery, outcome: AttemptOutcome) -> None:
        done = await self.conn.execute(
            "UPDATE webhook_deliveries SET status = $2, attempts = $3, next_attempt_at = $4,"
            " last_error = $5, delivered_at = $6, leased_by = NULL, lease_until = NULL"
            " WHERE id = $1",
            delivery.id,
            delivery.status.value,
            delivery.attempts,
            delivery.next_attempt_at,
            delivery.last_error[:1000],
            delivery.delivered_at,
        )
        if done == "UPDATE 0":
            raise NotFound("delivery", str(delivery.id))
        await self.conn.execute(
            "INSERT INTO webhook_attempts (delivery_id, attempted_at, status_code, error,"
            " duration_ms) VALUES ($1, $2, $3, $4, $5)",
            delivery.id,
            outcome.attempted_at,
            outcome.status_code,
            outcome.error[:1000],
            outcome.duration_ms,
        )

    async def deliveries(
        self, endpoint_id: str, *, status: DeliveryStatus | None = None, limit: int = 50
    ) -> Sequence[Delivery]:
        rows = await self.conn.fetch(
            f"SELECT {DELIVERY_COLUMNS} FROM webhook_deliveries d WHERE d.endpoint_id = $1"
            " AND ($2::text IS NULL OR d.status = $2) ORDER BY d.id DESC LIMIT $3",
            endpoint_id,
            status.value if status else None,
            limit,
        )
        return [_delivery(r) for r in rows]

    async def attempts(self, delivery_ids: Sequence[int]) -> Sequence[RecordedAttempt]:
        rows = await self.conn.fetch(
            "SELECT delivery_id, attempted_at, status_code, error, duration_ms"
            " FROM webhook_attempts WHERE delivery_id = ANY ($1::bigint[])"
            " ORDER BY attempted_at",
            list(delivery_ids),
        )
        return [
            RecordedAttempt(
                r["delivery_id"],
                AttemptOutcome(r["attempted_at"], r["status_code"], r["error"], r["duration_ms"]),
            )
            for r in rows
        ]

    async def purge(self, *, before: datetime) -> int:
        done = await self.conn.execute("DELETE FROM outgoing_events WHERE occurred_at < $1", before)
        return int(done.split()[-1])


def _endpoint(row: asyncpg.Record, secrets: Sequence[SigningSecret]) -> WebhookEndpoint:
    return WebhookEndpoint(
        id=row["w_id"],
        organisation_id=row["w_org"],
        url=row["url"],
        event_types=frozenset(EventType(t) for t in row["event_types"]),
        secrets=tuple(secrets),
        created_at=row["w_created"],
        description=row["description"],
        enabled=row["enabled"],
        disabled_reason=row["disabled_reason"],
        disabled_at=row["disabled_at"],
        version=row["version"],
    )


async def _secrets(
    conn: PgSession, cipher: TokenCipher, endpoint_ids: set[str]
) -> dict[str, list[SigningSecret]]:
    rows = await conn.fetch(
        "SELECT endpoint_id, token_key_id, secret_ct, created_at, expires_at"
        " FROM webhook_secrets WHERE endpoint_id = ANY ($1::text[]) ORDER BY position",
        list(endpoint_ids),
    )
    found: dict[str, list[SigningSecret]] = {}
    for r in rows:
        value = cipher.decrypt(Ciphertext(r["token_key_id"], bytes(r["secret_ct"])))
        found.setdefault(r["endpoint_id"], []).append(
            SigningSecret(Secret(value), r["created_at"], r["expires_at"])
        )
    return found


class PgWebhookEndpointRepository:
    def __init__(self, conn: PgSession, cipher: TokenCipher) -> None:
        self.conn = conn
        self.cipher = cipher

    async def _write_secrets(self, endpoint: WebhookEndpoint) -> None:
        await self.conn.execute("DELETE FROM webhook_secrets WHERE endpoint_id = $1", endpoint.id)
        rows = []
        for position, secret in enumerate(endpoint.secrets):
            sealed = self.cipher.encrypt(secret.value.reveal())
            rows.append(
                (
                    f"{endpoint.id}:{position}",
                    endpoint.id,
                    position,
                    sealed.key_id,
                    sealed.data,
                    secret.created_at,
                    secret.expires_at,
                )
            )
        await self.conn.executemany(
            "INSERT INTO webhook_secrets (id, endpoint_id, position, token_key_id, secret_ct,"
            " created_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
            rows,
        )

    async def add(self, endpoint: WebhookEndpoint) -> WebhookEndpoint:
        await self.conn.execute(
            "INSERT INTO organisations (id) VALUES ($1) ON CONFLICT DO NOTHING",
            endpoint.organisation_id,
        )
        try:
            await self.conn.execute(
                "INSERT INTO webhook_endpoints (id, organisation_id, url, description,"
                " event_types, enabled, disabled_reason, disabled_at, created_at, version)"
                " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 1)",
                endpoint.id,
                endpoint.organisation_id,
                endpoint.url,
                endpoint.description,
                sorted(t.value for t in endpoint.event_types),
                endpoint.enabled,
                endpoint.disabled_reason,
                endpoint.disabled_at,
                endpoint.created_at,
            )
        except asyncpg.UniqueViolationError:
            raise Conflict(f"endpoint {endpoint.id} exists already") from None
        await self._write_secrets(endpoint)
        return attrs.evolve(endpoint, version=1)

    async def get(self, organisation_id: str, endpoint_id: str) -> WebhookEndpoint:
        row = await self.conn.fetchrow(
            f"SELECT {ENDPOINT_COLUMNS} FROM webhook_endpoints w"
            " WHERE w.id = $1 AND w.organisation_id = $2",
            endpoint_id,
            organisation_id,
        )
        if row is None:
            raise NotFound("webhook endpoint", endpoint_id)
        secrets = await _secrets(self.conn, self.cipher, {endpoint_id})
        return _endpoint(row, secrets.get(endpoint_id, ()))

    async def list(self, organisation_id: str) -> Sequence[WebhookEndpoint]:
        rows = await self.conn.fetch(
            f"SELECT {ENDPOINT_COLUMNS} FROM webhook_endpoints w"
            " WHERE w.organisation_id = $1 ORDER BY w.created_at, w.id",
            organisation_id,
        )
        secrets = await _secrets(self.conn, self.cipher, {r["w_id"] for r in rows})
        return [_endpoint(r, secrets.get(r["w_id"], ())) for r in rows]

    async def save(self, endpoint: WebhookEndpoint) -> WebhookEndpoint:
        version = await self.conn.fetchval(
            "UPDATE webhook_endpoints SET url = $3, description = $4, event_types = $5,"
            " enabled = $6, disabled_reason = $7, disabled_at = $8, version = version + 1"
            " WHERE id = $1 AND version = $2 RETURNING version",
            endpoint.id,
            endpoint.version,
            endpoint.url,
            endpoint.description,
            sorted(t.value for t in endpoint.event_types),
            endpoint.enabled,
            endpoint.disabled_reason,
            endpoint.disabled_at,
        )
        if version is None:
            await self.get(endpoint.organisation_id, endpoint.id)
            raise Conflict(f"endpoint {endpoint.id} was changed by someone else")
        await self._write_secrets(endpoint)
        return attrs.evolve(endpoint, version=version)

    async def delete(self, organisation_id: str, endpoint_id: str) -> None:
        done = await self.conn.execute(
            "DELETE FROM webhook_endpoints WHERE id = $1 AND organisation_id = $2",
            endpoint_id,
            organisation_id,
        )
        if done == "DELETE 0":
            raise NotFound("webhook endpoint", endpoint_id)
