"""The TikTok webhook receiver: verify the signature, refuse replays, apply once."""

from __future__ import annotations

import hashlib
import hmac
import json
import time

from aiohttp import web

from domain.webhook import TikTokWebhookEvent
from entrypoints.http.keys import CONTAINER
from entrypoints.http.problems import problem

TOLERANCE_S = 300  # TikTok sets none; five minutes is the usual convention


def verify(
    secret: str, header: str, body: bytes, now: float, tolerance_s: int = TOLERANCE_S
) -> str | None:
    """None if the signature is good and fresh; else why not."""
    try:
        parts = dict(item.split("=", 1) for item in header.split(",") if "=" in item)
        stamp, signature = int(parts["t"]), parts["s"]
    except (KeyError, ValueError):
        return "missing or malformed TikTok-Signature"
    if abs(now - stamp) > tolerance_s:
        return "signature timestamp outside the 5-minute window (replay?)"
    expected = hmac.new(secret.encode(), f"{stamp}.".encode() + body, hashlib.sha256)
    if not hmac.compare_digest(expected.hexdigest(), signature):
        return "signature does not match"
    return None


def parse(body: bytes) -> TikTokWebhookEvent:
    try:
        envelope = json.loads(body)
    except RecursionError:
        raise ValueError("the body is nested too deeply") from None
    if not isinstance(envelope, dict):  # [], "x", null: signed, but not an envelope
        raise ValueError("not a TikTok webhook envelope")
    content = envelope.get("content") or "{}"
    parsed = json.loads(content) if isinstance(content, str) else content
    if not isinstance(parsed, dict):
        raise ValueError("not a TikTok webhook envelope")
    return TikTokWebhookEvent(
        str(envelope["client_key"]),
        str(envelope["event"]),
        int(envelope["create_time"]),
        envelope.get("user_openid"),
        parsed,
    )


async def receive(request: web.Request) -> web.Response:
    container = request.app[CONTAINER]
    body = await request.read()
    refused = verify(
        container.config.tiktok_client_secret(),
        request.headers.get("TikTok-Signature", ""),
        body,
        time.time(),
    )
    telemetry = container.telemetry()
    if refused is not None:
        telemetry.webhook("unknown", "refused")
        return problem(401, "invalid_signature", refused)
    try:
        event = parse(body)
    except (ValueError, KeyError, TypeError, RecursionError):
        telemetry.webhook("unknown", "malformed")
        return problem(400, "invalid_event", "the body is not a TikTok webhook envelope")
    if event.client_key != container.config.tiktok_client_key():
        telemetry.webhook(event.event, "refused")
        return problem(401, "invalid_client_key", "the event is for another app")
    outcome = await container.handle_webhook_event()(event)
    telemetry.webhook(event.event, "duplicate" if outcome.duplicate else "applied")
    return web.json_response({"duplicate": outcome.duplicate, "note": outcome.note})
