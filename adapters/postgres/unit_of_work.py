"""A unit of work is one pooled connection and one transaction, rolled back unless committed."""

from __future__ import annotations

import contextlib
from types import TracebackType
from typing import Self

import asyncpg

from adapters.postgres.repositories import (
    PgApiKeyRepository,
    PgChannelRepository,
    PgIdempotencyStore,
    PgInsightRepository,
    PgMetricsRepository,
    PgOAuthStateRepository,
    PgPostRepository,
    PgWebhookEventLog,
)
from application.errors import Conflict, UpstreamUnavailable
from application.ports import TokenCipher

# A pooled connection may have died with a server restart: it is replaced once.
RECONNECTABLE = (
    asyncpg.exceptions.ConnectionDoesNotExistError,
    asyncpg.InterfaceError,
    asyncpg.exceptions.AdminShutdownError,
    asyncpg.exceptions.CannotConnectNowError,
    ConnectionError,
    OSError,
)


class PgUnitOfWork:
    def __init__(self, pool: asyncpg.Pool, cipher: TokenCipher) -> None:
        self.pool = pool
        self.cipher = cipher
        self._conn: asyncpg.Connection | None = None
        self._tx: asyncpg.transaction.Transaction | None = None

    async def __aenter__(self) -> Self:
        for attempt in (1, 2):
            conn = await self._acquire()
            try:
                tx = conn.transaction()
                await tx.start()
            except RECONNECTABLE:
                await self.pool.release(conn)
                if attempt == 2:
                    raise UpstreamUnavailable("the database connection was lost") from None
                continue
            self._conn, self._tx = conn, tx
            break
        conn = self._conn
        assert conn is not None
        self.posts = PgPostRepository(conn)
        self.channels = PgChannelRepository(conn, self.cipher)
        self.oauth_states = PgOAuthStateRepository(conn, self.cipher)
        self.metrics = PgMetricsRepository(conn)
        self.insights = PgInsightRepository(conn)
        self.webhook_events = PgWebhookEventLog(conn)
        self.api_keys = PgApiKeyRepository(conn)
        self.idempotency = PgIdempotencyStore(conn)
        return self

    async def _acquire(self) -> asyncpg.Connection:
        try:
            return await self.pool.acquire()
        except RECONNECTABLE as exc:
            raise UpstreamUnavailable(f"cannot reach the database: {exc}") from None

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        try:
            await self.rollback()
        finally:
            if self._conn is not None:
                await self.pool.release(self._conn)
                self._conn = None

    async def commit(self) -> None:
        assert self._tx is not None, "commit outside the unit of work"
        try:
            await self._tx.commit()
        except asyncpg.SerializationError:
            raise Conflict("a concurrent transaction changed the same rows") from None
        self._tx = None

    async def rollback(self) -> None:
        if self._tx is not None:
            tx, self._tx = self._tx, None
            with contextlib.suppress(*RECONNECTABLE):  # the server dropped it with the line
                await tx.rollback()


class PgUowFactory:
    def __init__(self, pool: asyncpg.Pool, cipher: TokenCipher) -> None:
        self.pool = pool
        self.cipher = cipher

    def __call__(self) -> PgUnitOfWork:
        return PgUnitOfWork(self.pool, self.cipher)
