"""Background work the sandbox does after answering (processing, webhook deliveries)."""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine
from typing import Any

import aiohttp


class Background:
    """Tracks spawned tasks and one outgoing HTTP session; drained by tests, closed at exit."""

    timeout: aiohttp.ClientTimeout | None = None

    def __init__(self) -> None:
        self._tasks: set[asyncio.Task[None]] = set()
        self._session: aiohttp.ClientSession | None = None

    def _spawn(self, work: Coroutine[Any, Any, None]) -> None:
        task = asyncio.get_running_loop().create_task(work)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    def _client(self) -> aiohttp.ClientSession:
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession(timeout=self.timeout)
        return self._session

    async def drain(self, wait_s: float = 10.0) -> None:
        """Wait for in-flight work."""
        if self._tasks:
            await asyncio.wait(set(self._tasks), timeout=wait_s)

    async def close(self) -> None:
        for task in list(self._tasks):
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        if self._session is not None:
            await self._session.close()
