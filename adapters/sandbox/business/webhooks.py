"""``comment.update`` deliveries: app-level config, signed, at-least-once, delayed and
sometimes duplicated (settings), retried with backoff until a 200."""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json

import aiohttp

from adapters.sandbox.background import Background
from adapters.sandbox.business.core import BusinessSandbox
from adapters.sandbox.business.state import Comment, Delivery

DELIVERY_TIMEOUT_S = 10.0


def sign(secret: str, timestamp: int, body: str) -> str:
    """t=<unix>,s=<hex HMAC-SHA256 of "t.body"> keyed by the app secret (unconfirmed)."""
    digest = hmac.new(secret.encode(), f"{timestamp}.{body}".encode(), hashlib.sha256)
    return f"t={timestamp},s={digest.hexdigest()}"


class CommentWebhooks(Background):
    timeout = aiohttp.ClientTimeout(total=DELIVERY_TIMEOUT_S)

    def __init__(self, sandbox: BusinessSandbox) -> None:
        super().__init__()
        self.sandbox = sandbox

    def url(self) -> str | None:
        return self.sandbox.state.webhooks.get("COMMENT") or self.sandbox.settings.webhook_url

    def comment_update(self, comment: Comment, action: str) -> None:
        sandbox = self.sandbox
        content = {
            "comment_id": comment.comment_id,
            "video_id": comment.video_id,
            "parent_comment_id": comment.parent_comment_id or "",
            "comment_type": "reply" if comment.parent_comment_id else "comment",
            "comment_action": action,
            "unique_identifier": f"uid-{comment.comment_id}",
            "timestamp": int(sandbox.now().timestamp()),
            "text": comment.text,
        }
        body = json.dumps(
            {
                "client_key": sandbox.settings.app_id,
                "event": "comment.update",
                "create_time": int(sandbox.now().timestamp()),
                "user_openid": comment.business_id,
                "content": json.dumps(content, separators=(",", ":")),
            },
            separators=(",", ":"),
        )
        settings = sandbox.settings
        copies = 2 if sandbox.dice.random() < settings.webhook_duplicate_rate else 1
        for _ in range(copies):
            delay = sandbox.dice.uniform(0, settings.webhook_delay_s)
            delivery = Delivery("comment.update", body, delay)
            sandbox.state.deliveries.append(delivery)
            if self.url():
                self._spawn(self._deliver(delivery))

    async def _deliver(self, delivery: Delivery) -> None:
        settings = self.sandbox.settings
        await asyncio.sleep(delivery.due_at)
        backoff = settings.webhook_retry_base
        while delivery.attempts < settings.webhook_max_attempts and (url := self.url()):
            delivery.attempts += 1
            timestamp = int(self.sandbox.now().timestamp())
            headers = {
                "Content-Type": "application/json",
                "Tiktok-Signature": sign(settings.secret, timestamp, delivery.body),
                "Webhook-Schema-Version": "1.0",
            }
            try:
                async with self._client().post(url, data=delivery.body, headers=headers) as r:
                    delivery.last_status = r.status
                    if r.status == 200:
                        delivery.delivered = True
                        return
            except (aiohttp.ClientError, TimeoutError):
                delivery.last_status = None
            await asyncio.sleep(backoff)
            backoff *= 2
