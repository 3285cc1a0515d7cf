"""Schemathesis over every operation of the OpenAPI document: generated requests (valid
and not) against the real app never produce a server error."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from aiohttp import web
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error

from entrypoints.http.app import create_app
from entrypoints.http.openapi import build_spec
from tests.e2e.api_world import Api

pytestmark = pytest.mark.slow

for _raw in ("video/mp4", "video/quicktime", "video/webm", "image/jpeg", "image/webp"):
    schemathesis.serializer.alias(_raw, "application/octet-stream")
schema = schemathesis.openapi.from_dict(build_spec())


class LiveServer:
    """The app on a real port, in its own thread and event loop (schemathesis is sync)."""

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.thread.start()
        self.base_url, self.token = self.run(self._start())

    def run(self, coro: Any) -> Any:
        return asyncio.run_coroutine_threadsafe(coro, self.loop).result(timeout=60)

    async def _start(self) -> tuple[str, str]:
        self.api = await Api.start()
        await self.api.connect()  # a connected channel, so some ids lead somewhere
        self.runner = web.AppRunner(create_app(self.api.world.c))
        await self.runner.setup()
        site = web.TCPSite(self.runner, "127.0.0.1", 0)
        await site.start()
        port = self.runner.addresses[0][1]
        return f"http://127.0.0.1:{port}", self.api.token

    async def _stop(self) -> None:
        await self.runner.cleanup()
        await self.api.close()

    def close(self) -> None:
        self.run(self._stop())
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(timeout=10)


@pytest.fixture(scope="module")
def live() -> Iterator[LiveServer]:
    server = LiveServer()
    yield server
    server.close()


@schema.parametrize()
@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.filter_too_much,
    ],
)
def test_no_operation_gives_a_server_error(case: Any, live: LiveServer) -> None:
    response = case.call(base_url=live.base_url, headers={"Authorization": f"Bearer {live.token}"})
    case.validate_response(response, checks=[not_a_server_error])
