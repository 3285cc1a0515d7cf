"""Webhook delivery as TikTok does it: signed, at-least-once, retried with backoff."""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json

import aiohttp

from adapters.sandbox.background import Background
from adapters.sandbox.core import Sandbox
from adapters.sandbox.state import Delivery, Publication

DELIVERY_TIMEOUT_S = 10.0


def sign(secret: str, timestamp: int, body: str) -> str:
    """``TikTok-Signature`` value: t=<unix>,s=<hex HMAC-SHA256 of "t.body">."""
    digest = hmac.new(secret.encode(), f"{timestamp}.{body}".encode(), hashlib.sha256)
    return f"t={timestamp},s={digest.hexdigest()}"


class WebhookSender(Background):
    timeout = aiohttp.ClientTimeout(total=DELIVERY_TIMEOUT_S)

    def __init__(self, sandbox: Sandbox) -> None:
        super().__init__()
        self.sandbox = sandbox

    # ---- events ----------------------------------------------------------------

    def publish_event(self, pub: Publication, event: str, **extra: object) -> None:
        content = {"publish_id": pub.publish_id, "publish_type": pub.kind.publish_type, **extra}
        self._emit(event, pub.open_id, content)

    def authorization_removed(self, open_id: str, *, reason: int) -> None:
        self._emit("authorization.removed", open_id, {"reason": reason})

    def _emit(self, event: str, open_id: str, content: dict[str, object]) -> None:
        settings = self.sandbox.settings
        body = json.dumps(
            {
                "client_key": settings.client_key,
                "event": event,
                "create_time": int(self.sandbox.now().timestamp()),
                "user_openid": open_id,
                "content": json.dumps(content, separators=(",", ":")),
            },
            separators=(",", ":"),
        )
        copies = 2 if settings.duplicate_webhooks else 1
        for _ in range(copies):
            delivery = Delivery(event, body)
            self.sandbox.state.deliveries.append(delivery)
            if settings.webhook_url:
                self._spawn(self._deliver(delivery))

    # ---- delivery ----------------------------------------------------------------

    async def _deliver(self, delivery: Delivery) -> None:
        settings = self.sandbox.settings
        delay = settings.webhook_retry_base
        while delivery.attempts < settings.webhook_max_attempts and settings.webhook_url:
            delivery.attempts += 1
            timestamp = int(self.sandbox.now().timestamp())
            headers = {
                "Content-Type": "application/json",
                "TikTok-Signature": sign(settings.client_secret, timestamp, delivery.body),
            }
            try:
                async with self._client().post(
                    settings.webhook_url, data=delivery.body, headers=headers
                ) as response:
                    delivery.last_status = response.status
                    if response.status == 200:
                        delivery.delivered = True
                        return
            except (aiohttp.ClientError, TimeoutError) as exc:
                delivery.last_error = type(exc).__name__
            await asyncio.sleep(delay)
            delay *= 2
