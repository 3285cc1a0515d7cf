"""Outgoing events POSTed to an organisation's endpoint, signed by the Standard Webhooks
scheme with the ``standardwebhooks`` package: ``webhook-id`` (the event's id, the same on
every retry), ``webhook-timestamp`` (this attempt) and ``webhook-signature`` (one ``v1,``
signature per valid secret, so receivers can rotate at their own pace).

Redirects are not followed (a 3xx is a failure), answers are not read beyond their status,
and the receiver's failures are the outcome, never an exception."""

from __future__ import annotations

import json
import time
from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING

from standardwebhooks.webhooks import Webhook

from domain.event_delivery import AttemptOutcome
from domain.outgoing_events import OutgoingEvent
from domain.secret import Secret

if TYPE_CHECKING:
    from adapters.system.http_session import HttpSession

USER_AGENT = "tiktok-channel-events/1"


def signed_headers(
    event: OutgoingEvent, body: str, secrets: Sequence[Secret], now: datetime
) -> dict[str, str]:
    signatures = " ".join(Webhook(secret.reveal()).sign(event.id, now, body) for secret in secrets)
    return {
        "webhook-id": event.id,
        "webhook-timestamp": str(int(now.timestamp())),
        "webhook-signature": signatures,
        "content-type": "application/json",
        "user-agent": USER_AGENT,
    }


class StandardWebhookSender:
    def __init__(self, session: HttpSession, *, timeout_s: float = 10.0) -> None:
        self.session = session
        self.timeout_s = timeout_s

    async def send(
        self, *, url: str, event: OutgoingEvent, secrets: Sequence[Secret], now: datetime
    ) -> AttemptOutcome:
        import aiohttp  # here, not at import: a worker's start does not load aiohttp

        body = json.dumps(event.envelope(), separators=(",", ":"))
        headers = signed_headers(event, body, secrets, now)
        started = time.monotonic()
        try:
            async with self.session.post(
                url,
                data=body.encode(),
                headers=headers,
                timeout=aiohttp.ClientTimeout(total=self.timeout_s),
                allow_redirects=False,
            ) as answer:
                status, error = answer.status, ""
        except (aiohttp.ClientError, TimeoutError, OSError) as exc:
            status, error = None, f"{type(exc).__name__}: {exc}"[:300]
        return AttemptOutcome(now, status, error, int((time.monotonic() - started) * 1000))
