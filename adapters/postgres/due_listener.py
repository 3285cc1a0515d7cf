"""LISTEN posts_due: an idle worker sleeps until a post becomes due (or a timeout)."""

from __future__ import annotations

import asyncio

import asyncpg

from adapters.postgres.errors import UNREACHABLE

CHANNEL = "posts_due"


class PgDueListener:
    """One dedicated connection; ``wait`` returns True when woken, False on timeout."""

    def __init__(self, url: str) -> None:
        self.url = url
        self._conn: asyncpg.Connection | None = None
        self._event = asyncio.Event()

    async def start(self) -> None:
        self._conn = await asyncpg.connect(self.url)
        await self._conn.add_listener(CHANNEL, self._notified)

    def _notified(self, *_: object) -> None:
        self._event.set()

    async def wait(self, timeout_s: float) -> bool:
        """Never raises for a lost database: with no listening connection it just sleeps
        (the loop's next pass reports the outage and backs off)."""
        if self._conn is None or self._conn.is_closed():
            try:
                await self.start()  # reconnect after a server restart
            except UNREACHABLE:
                self._conn = None
                await asyncio.sleep(timeout_s)
                return False
        try:
            async with asyncio.timeout(timeout_s):
                await self._event.wait()
        except TimeoutError:
            return False
        finally:
            self._event.clear()
        return True

    async def close(self) -> None:
        if self._conn is not None and not self._conn.is_closed():
            try:
                await self._conn.close()
            except UNREACHABLE:
                self._conn.terminate()
