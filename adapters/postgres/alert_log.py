"""Sent alerts in PostgreSQL: one row per alert, claimed before sending, stamped after."""

from __future__ import annotations

from datetime import datetime

from adapters.postgres.session import PgSession
from application.ports import AlertKey

_KEY = "kind = $1 AND subject_id = $2 AND occasion = $3"


class PgAlertLog:
    def __init__(self, conn: PgSession) -> None:
        self.conn = conn

    async def claim(self, key: AlertKey, *, now: datetime, stale_before: datetime) -> bool:
        taken = await self.conn.fetchval(
            "INSERT INTO alerts_sent (kind, subject_id, occasion, organisation_id, claimed_at)"
            " VALUES ($1, $2, $3, $4, $5)"
            " ON CONFLICT (kind, subject_id, occasion) DO UPDATE SET claimed_at = $5"
            " WHERE alerts_sent.sent_at IS NULL AND alerts_sent.claimed_at < $6"
            " RETURNING true",
            key.kind,
            key.subject_id,
            key.occasion,
            key.organisation_id,
            now,
            stale_before,
        )
        return bool(taken)

    async def mark_sent(self, key: AlertKey, *, now: datetime) -> None:
        await self.conn.execute(
            "INSERT INTO alerts_sent"
            " (kind, subject_id, occasion, organisation_id, claimed_at, sent_at)"
            " VALUES ($1, $2, $3, $4, $5, $5)"
            " ON CONFLICT (kind, subject_id, occasion) DO UPDATE SET sent_at = $5",
            key.kind,
            key.subject_id,
            key.occasion,
            key.organisation_id,
            now,
        )

    async def release(self, key: AlertKey) -> None:
        await self.conn.execute(
            f"DELETE FROM alerts_sent WHERE {_KEY} AND sent_at IS NULL",
            key.kind,
            key.subject_id,
            key.occasion,
        )
