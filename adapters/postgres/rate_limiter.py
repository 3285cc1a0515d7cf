"""The client's rate windows kept in PostgreSQL, so every worker process and machine shares
them. Same rules as the in-process limiter: a slot is held from before a call is sent
until its answer arrives and is dated by the answer; the database's clock is the clock."""

from __future__ import annotations

import asyncio
from collections.abc import Mapping

import asyncpg

from adapters.postgres.errors import database_errors
from adapters.tiktok.limiter import Slot, WindowFull

PENDING_POLL_S = 0.05
STALE_PENDING = "5 minutes"  # a process died between sending and answering


class PgRateLimiter:
    def __init__(
        self, pool: asyncpg.Pool, limits: Mapping[str, int], window_s: float = 60.0
    ) -> None:
        self.pool = pool
        self.limits = dict(limits)
        self.window_s = window_s
        self.waited_s = 0.0

    async def acquire(self, key: str, endpoint: str, max_wait_s: float | None = None) -> Slot:
        limit = self.limits.get(endpoint)
        if limit is None:
            return Slot()
        waited = 0.0
        while True:
            with database_errors():
                pause_or_slot = await self._try_acquire(key, endpoint, limit)
            if isinstance(pause_or_slot, Slot):
                return pause_or_slot
            pause = pause_or_slot
            if max_wait_s is not None and waited + pause > max_wait_s:
                raise WindowFull(pause)
            waited += pause
            self.waited_s += pause
            await asyncio.sleep(pause)

    async def _try_acquire(self, key: str, endpoint: str, limit: int) -> Slot | float:
        """A slot if the window has room, else how long until it may."""
        async with self.pool.acquire() as conn, conn.transaction():
            await conn.execute(
                "SELECT pg_advisory_xact_lock(hashtextextended($1, 0))", f"{key}|{endpoint}"
            )
            await conn.execute(
                "DELETE FROM rate_calls WHERE token_key = $1 AND endpoint = $2 AND"
                " (answered_at < now() - make_interval(secs => $3) OR (answered_at IS NULL"
                f" AND reserved_at < now() - interval '{STALE_PENDING}'))",
                key,
                endpoint,
                self.window_s,
            )
            live = await conn.fetch(
                "SELECT answered_at FROM rate_calls WHERE token_key = $1 AND endpoint = $2",
                key,
                endpoint,
            )
            if len(live) < limit:
                slot_id = await conn.fetchval(
                    "INSERT INTO rate_calls (token_key, endpoint) VALUES ($1, $2) RETURNING id",
                    key,
                    endpoint,
                )
                return Slot(id=slot_id)
            answered = [r["answered_at"] for r in live if r["answered_at"] is not None]
            if answered:
                pause = await conn.fetchval(
                    "SELECT greatest(0.001, extract(epoch FROM $1::timestamptz"
                    " + make_interval(secs => $2) - now()))::float8",
                    min(answered),
                    self.window_s,
                )
            else:
                pause = PENDING_POLL_S
        return float(pause)

    async def free_in(self, key: str, endpoint: str) -> float:
        limit = self.limits.get(endpoint)
        if limit is None:
            return 0.0
        with database_errors():
            row = await self._window(key, endpoint)
        if row["live"] < limit:
            return 0.0
        opens_in = row["opens_in"]
        return max(0.0, opens_in) if opens_in is not None else PENDING_POLL_S

    async def _window(self, key: str, endpoint: str) -> asyncpg.Record:
        return await self.pool.fetchrow(
            "SELECT count(*) AS live, extract(epoch FROM min(answered_at)"
            " + make_interval(secs => $3) - now())::float8 AS opens_in FROM rate_calls"
            " WHERE token_key = $1 AND endpoint = $2 AND (answered_at IS NULL OR"
            " answered_at >= now() - make_interval(secs => $3))",
            key,
            endpoint,
            self.window_s,
        )

    async def done(self, slot: Slot) -> None:
        if slot.id is not None:
            with database_errors():
                await self.pool.execute(
                    "UPDATE rate_calls SET answered_at = now() WHERE id = $1", slot.id
                )

    async def penalize(self, key: str, endpoint: str) -> None:
        """TikTok said 429 anyway: the window counts as full from now."""
        limit = self.limits.get(endpoint)
        if limit is not None:
            with database_errors():
                await self.pool.execute(
                    "INSERT INTO rate_calls (token_key, endpoint, answered_at)"
                    " SELECT $1, $2, now() FROM generate_series(1, $3)",
                    key,
                    endpoint,
                    limit,
                )
