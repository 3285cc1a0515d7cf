"""Admin alerts reach a webhook; an unreachable one never breaks the caller."""

from __future__ import annotations

from datetime import UTC, datetime

import aiohttp
from aiohttp import web
from aiohttp.test_utils import TestServer

from adapters.system.webhook_notifier import WebhookNotifier
from application.ports import AdminAlert

ALERT = AdminAlert(
    "channel_expired", "org1", "c1", "reconnect @brand", datetime(2026, 1, 1, tzinfo=UTC)
)


async def test_alerts_are_posted_as_json() -> None:
    got: list[dict[str, str]] = []

    async def receive(request: web.Request) -> web.Response:
        got.append(await request.json())
        return web.Response()

    app = web.Application()
    app.router.add_post("/hook", receive)
    server = TestServer(app, port=0)
    await server.start_server()
    try:
        async with aiohttp.ClientSession() as session:
            delivered = await WebhookNotifier(session, str(server.make_url("/hook"))).notify(ALERT)
    finally:
        await server.close()
    assert delivered
    assert got[0]["kind"] == "channel_expired" and "reconnect @brand" in got[0]["text"]


async def test_an_unreachable_webhook_is_logged_not_raised() -> None:
    async with aiohttp.ClientSession() as session:
        delivered = await WebhookNotifier(session, "http://127.0.0.1:9/hook").notify(ALERT)
    assert not delivered  # the caller may try again
