"""A receiver of outgoing events in memory: it can be down, and it remembers what it got."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

import attrs

from domain.event_delivery import AttemptOutcome
from domain.outgoing_events import OutgoingEvent
from domain.secret import Secret


@attrs.define
class RecordingEventSender:
    down: bool = False
    status: int = 204
    received: list[OutgoingEvent] = attrs.Factory(list)
    urls: list[str] = attrs.Factory(list)

    async def send(
        self, *, url: str, event: OutgoingEvent, secrets: Sequence[Secret], now: datetime
    ) -> AttemptOutcome:
        if self.down:
            return AttemptOutcome(now, None, "ClientConnectorError: connection refused", 1)
        if not secrets:
            return AttemptOutcome(now, 401, "", 1)  # a receiver refuses what is not signed
        self.urls.append(url)
        if 200 <= self.status < 300:
            self.received.append(event)
        return AttemptOutcome(now, self.status, "", 1)

    def unique(self) -> list[OutgoingEvent]:
        """What a receiver de-duplicating by webhook-id keeps."""
        seen: dict[str, OutgoingEvent] = {}
        for event in self.received:
            seen.setdefault(event.id, event)
        return list(seen.values())
