"""When a delivery of an outgoing event is tried again, and when it is given up.

At least once: a delivery is tried until the receiver answers 2xx, with exponential
backoff (jittered by the caller's random fraction, since the domain draws no randomness)
for up to 72 hours after the event; then it fails and its endpoint is disabled, to be
re-enabled by the organisation.
"""

from __future__ import annotations

import enum
from datetime import datetime, timedelta

import attrs

RETRY_FOR = timedelta(hours=72)
BACKOFF = tuple(
    timedelta(seconds=s) for s in (5, 30, 120, 600, 1800, 3600, 7200, 14400, 28800)
)  # then every 8 hours
JITTER = 0.2  # up to 20 % later, so failed receivers are not hit in lock-step


class DeliveryStatus(enum.StrEnum):
    PENDING = "pending"
    DELIVERED = "delivered"
    FAILED = "failed"


@attrs.frozen
class AttemptOutcome:
    attempted_at: datetime
    status_code: int | None  # None: no answer (refused, timed out)
    error: str
    duration_ms: int

    @property
    def ok(self) -> bool:
        return self.status_code is not None and 200 <= self.status_code < 300


@attrs.frozen
class Delivery:
    id: int
    event_id: str
    endpoint_id: str
    organisation_id: str
    ordering_key: str
    created_at: datetime  # when the event was written: the 72 hours run from here
    status: DeliveryStatus = DeliveryStatus.PENDING
    attempts: int = 0
    next_attempt_at: datetime | None = None
    last_error: str = ""
    delivered_at: datetime | None = None

    def after(self, outcome: AttemptOutcome, *, jitter: float) -> Delivery:
        """The delivery once this attempt's outcome is known; ``jitter`` in [0, 1)."""
        attempts = self.attempts + 1
        if outcome.ok:
            return attrs.evolve(
                self,
                status=DeliveryStatus.DELIVERED,
                attempts=attempts,
                next_attempt_at=None,
                last_error="",
                delivered_at=outcome.attempted_at,
            )
        error = outcome.error or f"HTTP {outcome.status_code}"
        delay = BACKOFF[min(attempts - 1, len(BACKOFF) - 1)] * (1 + JITTER * jitter)
        retry_at = outcome.attempted_at + delay
        if retry_at > self.created_at + RETRY_FOR:
            return attrs.evolve(
                self,
                status=DeliveryStatus.FAILED,
                attempts=attempts,
                next_attempt_at=None,
                last_error=error,
            )
        return attrs.evolve(self, attempts=attempts, next_attempt_at=retry_at, last_error=error)

    @property
    def gave_up(self) -> bool:
        return self.status is DeliveryStatus.FAILED
