"""A person's signed-in session in the console (ADR 0024): which organisation, through
which API key, since when and last seen when. The rule of when it ends lives here."""

from __future__ import annotations

from datetime import datetime, timedelta

import attrs


@attrs.frozen
class ConsoleSession:
    organisation_id: str
    key_id: str
    key_name: str
    signed_in_at: datetime
    seen_at: datetime

    @classmethod
    def open(
        cls, *, organisation_id: str, key_id: str, key_name: str, now: datetime
    ) -> ConsoleSession:
        return cls(organisation_id, key_id, key_name, now, now)

    def ended(self, *, now: datetime, lifetime: timedelta, idle: timedelta) -> str | None:
        """Why the session is over (None while it is not): too old since sign-in, unused
        for too long, or a clock that reads before it began (a forged or stale cookie)."""
        if now < self.signed_in_at or now < self.seen_at:
            return "the session's times are in the future"
        if now - self.signed_in_at >= lifetime:
            return "the session reached its maximum length"
        if now - self.seen_at >= idle:
            return "the session was idle too long"
        return None

    def seen(self, now: datetime) -> ConsoleSession:
        return attrs.evolve(self, seen_at=now)
