"""Admin alerts: a channel expired, a refresh token is about to."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

import attrs


@attrs.frozen
class AdminAlert:
    kind: str  # channel_expired | refresh_token_expiring | post_unconfirmed
    organisation_id: str
    subject_id: str
    message: str
    occurred_at: datetime


class Notifier(Protocol):
    async def notify(self, alert: AdminAlert) -> bool:
        """Send the alert; False when it could not be delivered (never raises)."""
        ...


@attrs.frozen
class AlertKey:
    """Names one alert that must go out once: its kind, its subject and the occasion
    (e.g. the expiry of the refresh token it warns about: a new token, a new alert)."""

    kind: str
    subject_id: str
    occasion: str
    organisation_id: str


class AlertLog(Protocol):
    """Which alerts were sent, so a restart does not send them again and one that could
    not be delivered is tried again."""

    async def claim(self, key: AlertKey, *, now: datetime, stale_before: datetime) -> bool:
        """Take the alert for sending: False if it was sent, or another sender holds a
        claim made after ``stale_before``."""
        ...

    async def mark_sent(self, key: AlertKey, *, now: datetime) -> None: ...

    async def release(self, key: AlertKey) -> None:
        """Give an unsent claim back (the alert could not be delivered)."""
        ...
