"""A unit of work is one pooled connection and at most one transaction (begun at its first
write, see ``session.py``), rolled back unless committed."""

from __future__ import annotations

from types import TracebackType
from typing import Self

import asyncpg

from adapters.postgres.alert_log import PgAlertLog
from adapters.postgres.business import (
    PgBusinessConnectionRepository,
    PgBusinessMetricsRepository,
    PgCommentRepository,
    PgReplyIntentRepository,
)
from adapters.postgres.outbox import PgOutbox, PgWebhookEndpointRepository
from adapters.postgres.repositories import (
    PgApiKeyRepository,
    PgChannelRepository,
    PgIdempotencyStore,
    PgInsightRepository,
    PgMetricsRepository,
    PgOAuthStateRepository,
    PgPostRepository,
    PgReturnOriginRepository,
    PgWebhookEventLog,
)
from adapters.postgres.session import PgSession
from adapters.postgres.sync_jobs import PgSyncJobRepository
from application.errors import Conflict
from application.ports import TokenCipher


class PgUnitOfWork:
    def __init__(self, pool: asyncpg.Pool, cipher: TokenCipher) -> None:
        self.pool = pool
        self.cipher = cipher
        self._session: PgSession | None = None

    async def __aenter__(self) -> Self:
        session = self._session = PgSession(self.pool)
        self.posts = PgPostRepository(session)
        self.channels = PgChannelRepository(session, self.cipher)
        self.oauth_states = PgOAuthStateRepository(session, self.cipher)
        self.metrics = PgMetricsRepository(session)
        self.insights = PgInsightRepository(session)
        self.webhook_events = PgWebhookEventLog(session)
        self.api_keys = PgApiKeyRepository(session)
        self.idempotency = PgIdempotencyStore(session)
        self.alerts = PgAlertLog(session)
        self.outbox = PgOutbox(session, self.cipher)
        self.sync_jobs = PgSyncJobRepository(session)
        self.webhook_endpoints = PgWebhookEndpointRepository(session, self.cipher)
        self.business_connections = PgBusinessConnectionRepository(session, self.cipher)
        self.business_metrics = PgBusinessMetricsRepository(session)
        self.comments = PgCommentRepository(session)
        self.reply_intents = PgReplyIntentRepository(session)
        self.return_origins = PgReturnOriginRepository(session)
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._session is not None:
            session, self._session = self._session, None
            try:
                await session.rollback()
            finally:
                await session.release()

    async def commit(self) -> None:
        assert self._session is not None, "commit outside the unit of work"
        try:
            await self._session.commit()
        except asyncpg.SerializationError:
            raise Conflict("a concurrent transaction changed the same rows") from None

    async def rollback(self) -> None:
        if self._session is not None:
            await self._session.rollback()


class PgUowFactory:
    def __init__(self, pool: asyncpg.Pool, cipher: TokenCipher) -> None:
        self.pool = pool
        self.cipher = cipher

    def __call__(self) -> PgUnitOfWork:
        return PgUnitOfWork(self.pool, self.cipher)
