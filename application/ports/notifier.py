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
    async def notify(self, alert: AdminAlert) -> None: ...
