"""The sandbox with its Accounts API emulation, our business client, and a webhook sink."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any
from urllib.parse import parse_qs, urlsplit

import aiohttp
import attrs
from aiohttp import web
from aiohttp.test_utils import TestServer

from adapters.memory.clock import FakeClock
from adapters.sandbox.app import create_app
from adapters.sandbox.business import BUSINESS, BusinessSettings
from adapters.sandbox.business.core import BusinessSandbox
from adapters.sandbox.settings import SandboxSettings
from adapters.tiktok.business_client import (
    BusinessClientConfig,
    TikTokBusinessClient,
    business_limits,
)
from adapters.tiktok.limiter import RateLimiter
from application.ports import TokenGrant
from domain.secret import Secret

FAST_WINDOW_S = 1.0  # the rate windows, shortened so tests run in seconds (limits kept)
REDIRECT = "http://127.0.0.1:8080/oauth/tiktok-business/callback/"


@attrs.define
class Sink:
    """Receives webhook deliveries: every body and its headers."""

    received: list[tuple[dict[str, str], str]] = attrs.Factory(list)

    async def handle(self, request: web.Request) -> web.Response:
        self.received.append((dict(request.headers), await request.text()))
        return web.Response(status=200)


@attrs.define
class Biz:
    base: str
    sandbox: BusinessSandbox
    http: aiohttp.ClientSession
    clock: FakeClock

    async def control(self, method: str, path: str, body: Any = None) -> Any:
        async with self.http.request(
            method, f"{self.base}/_sandbox/business{path}", json=body
        ) as response:
            assert response.status < 300, await response.text()
            return await response.json()

    def client(
        self, *, account_qpm: int = 40, app_qpm: int = 600, window_s: float = 60.0
    ) -> TikTokBusinessClient:
        config = BusinessClientConfig(
            app_id=self.sandbox.settings.app_id,
            secret=Secret(self.sandbox.settings.secret),
            api_base=self.base,
            authorize_url=f"{self.base}/tt_user/auth/authorize/",
            backoff_base_s=0.01,
            backoff_cap_s=0.05,
        )
        limiter = RateLimiter(
            business_limits(account_qpm, app_qpm), self.sandbox.settings.rate_window_s
        )
        return TikTokBusinessClient(self.http, config, limiter)

    async def connect(
        self, client: TikTokBusinessClient, username: str = "sandbox_business"
    ) -> TokenGrant:
        url = client.authorize_url(state="s1", redirect_uri=REDIRECT) + f"&account={username}"
        async with self.http.get(url, allow_redirects=False) as response:
            assert response.status == 302, await response.text()
            code = parse_qs(urlsplit(response.headers["Location"]).query)["code"][0]
        return await client.exchange_code(code=code, redirect_uri=REDIRECT)


@asynccontextmanager
async def running_sandbox(
    settings: BusinessSettings | None = None, clock: FakeClock | None = None
) -> AsyncIterator[Biz]:
    clock = clock or FakeClock()
    app = create_app(
        SandboxSettings(creators=[]),
        clock=clock,
        business_settings=settings or BusinessSettings(rate_window_s=FAST_WINDOW_S),
    )
    server = TestServer(app, host="127.0.0.1")
    await server.start_server()
    try:
        async with aiohttp.ClientSession() as http:
            yield Biz(str(server.make_url("")).rstrip("/"), app[BUSINESS], http, clock)
    finally:
        await server.close()


@asynccontextmanager
async def webhook_sink(handler: Any = None) -> AsyncIterator[tuple[str, Sink]]:
    sink = Sink()
    app = web.Application()
    app.router.add_post("/hook", handler or sink.handle)
    server = TestServer(app, host="127.0.0.1")
    await server.start_server()
    try:
        yield str(server.make_url("/hook")), sink
    finally:
        await server.close()


def events(sink: Sink) -> list[dict[str, Any]]:
    return [json.loads(json.loads(body)["content"]) for _, body in sink.received]


async def wait_until(predicate: Any, timeout: float = 10.0) -> None:
    async with asyncio.timeout(timeout):
        while not predicate():
            await asyncio.sleep(0.02)
