"""The unit of work's connection, with its transaction begun at the first write.

Under READ COMMITTED every statement takes its own snapshot, inside a transaction or not,
so plain reads that come before the first write mean the same without BEGIN; a read-only
unit of work (most API GETs) then costs its reads alone, with no BEGIN and no ROLLBACK.
Anything that is not a plain SELECT (a write, a CTE, a locking read) begins the
transaction first, and everything after it runs inside."""

from __future__ import annotations

import contextlib
import re
from collections.abc import Awaitable, Callable, Iterable
from typing import Any

import asyncpg

from adapters.postgres.errors import UNREACHABLE, database_errors
from application.errors import DatabaseUnavailable

# A pooled connection may have died with a server restart: it is replaced once.
RECONNECTABLE = (
    asyncpg.exceptions.ConnectionDoesNotExistError,
    asyncpg.InterfaceError,
    asyncpg.exceptions.AdminShutdownError,
    asyncpg.exceptions.CannotConnectNowError,
    ConnectionError,
    OSError,
)
_PLAIN_READ = re.compile(r"\s*SELECT\b(?!.*\bFOR\s+(NO\s+KEY\s+)?(UPDATE|SHARE)\b)", re.I | re.S)


def plain_read(sql: str) -> bool:
    """A SELECT that takes no row locks: safe outside the transaction."""
    return _PLAIN_READ.match(sql) is not None


class PgSession:
    def __init__(self, pool: asyncpg.Pool) -> None:
        self.pool = pool
        self.conn: asyncpg.Connection | None = None
        self.tx: asyncpg.transaction.Transaction | None = None
        self._used = False  # a statement has run on this connection

    async def _connection(self) -> asyncpg.Connection:
        if self.conn is None:
            with database_errors():
                self.conn = await self.pool.acquire()
        return self.conn

    async def _run(self, sql: str, call: Callable[[asyncpg.Connection], Awaitable[Any]]) -> Any:
        for attempt in (1, 2):
            conn = await self._connection()
            try:
                if self.tx is None and not plain_read(sql):
                    tx = conn.transaction()
                    await tx.start()
                    self.tx = tx
                result = await call(conn)
            except RECONNECTABLE as exc:
                if self._used or attempt == 2:  # mid-transaction: lost, never replayed
                    raise DatabaseUnavailable(f"the database connection was lost: {exc}") from exc
                await self.release()  # a dead pooled connection: take a fresh one
                continue
            except UNREACHABLE as exc:
                raise DatabaseUnavailable(f"the database is unavailable: {exc}") from exc
            self._used = True
            return result
        raise DatabaseUnavailable("the database connection was lost")  # pragma: no cover

    async def execute(self, sql: str, *args: Any) -> str:
        return await self._run(sql, lambda c: c.execute(sql, *args))  # type: ignore[no-any-return]

    async def executemany(self, sql: str, rows: Iterable[Any]) -> None:
        await self._run(sql, lambda c: c.executemany(sql, rows))

    async def fetch(self, sql: str, *args: Any) -> list[asyncpg.Record]:
        return await self._run(sql, lambda c: c.fetch(sql, *args))  # type: ignore[no-any-return]

    async def fetchrow(self, sql: str, *args: Any) -> asyncpg.Record | None:
        return await self._run(sql, lambda c: c.fetchrow(sql, *args))

    async def fetchval(self, sql: str, *args: Any) -> Any:
        return await self._run(sql, lambda c: c.fetchval(sql, *args))

    async def commit(self) -> None:
        if self.tx is not None:
            tx, self.tx = self.tx, None
            with database_errors():  # the outcome may be unknown: readers see the truth
                await tx.commit()

    async def rollback(self) -> None:
        if self.tx is not None:
            tx, self.tx = self.tx, None
            with contextlib.suppress(*RECONNECTABLE):  # the server dropped it with the line
                await tx.rollback()

    async def release(self) -> None:
        if self.conn is not None:
            conn, self.conn = self.conn, None
            self.tx = None
            with contextlib.suppress(*UNREACHABLE):  # a connection the server dropped
                await self.pool.release(conn)
