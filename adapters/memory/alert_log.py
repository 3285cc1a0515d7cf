"""Sent alerts in memory. Claims act at once (like a unique row insert), as the
idempotency store's reservations do."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

import attrs

from application.ports import AlertKey

if TYPE_CHECKING:
    from adapters.memory.unit_of_work import MemoryUnitOfWork


@attrs.frozen
class AlertRecord:
    claimed_at: datetime
    sent_at: datetime | None = None


class MemoryAlertLog:
    def __init__(self, uow: MemoryUnitOfWork) -> None:
        self.rows = uow.store.alerts

    async def claim(self, key: AlertKey, *, now: datetime, stale_before: datetime) -> bool:
        found = self.rows.get(key)
        if found is not None and (found.sent_at is not None or found.claimed_at >= stale_before):
            return False
        self.rows[key] = AlertRecord(now)
        return True

    async def mark_sent(self, key: AlertKey, *, now: datetime) -> None:
        found = self.rows.get(key)
        self.rows[key] = AlertRecord(found.claimed_at if found else now, now)

    async def release(self, key: AlertKey) -> None:
        found = self.rows.get(key)
        if found is not None and found.sent_at is None:
            del self.rows[key]
