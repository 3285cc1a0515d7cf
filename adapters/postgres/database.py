"""Connecting: pools, clear errors that never show a password, database creation."""

from __future__ import annotations

from urllib.parse import urlsplit, urlunsplit

import asyncpg

from adapters.postgres.errors import UNREACHABLE
from application.errors import DatabaseUnavailable, UpstreamUnavailable


def redact_url(url: str) -> str:
    """The URL with its password replaced, fit for an error message or a log line."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = parts.netloc.replace(f":{parts.password}@", ":***@")
    return urlunsplit(parts._replace(netloc=netloc))


async def keep_session(conn: asyncpg.Connection) -> None:
    """What a connection going back to the pool needs beyond asyncpg's own rollback of an
    open transaction: nothing. Our pooled connections carry no session state (no SET, no
    LISTEN, advisory locks are transaction-scoped or released by their taker), so the
    default reset query (RESET ALL, UNLISTEN *, ...) would be one more round trip per unit
    of work for nothing."""


async def open_pool(url: str, *, min_size: int = 1, max_size: int = 10) -> asyncpg.Pool:
    try:
        pool = await asyncpg.create_pool(
            url,
            min_size=min_size,
            max_size=max_size,
            max_inactive_connection_lifetime=300,
            reset=keep_session,
        )
    except (OSError, asyncpg.PostgresError, asyncpg.InterfaceError) as exc:
        # Not there (refused, restarting, failing over): DatabaseUnavailable, which a worker
        # waits out; refused credentials or an unknown database: bad configuration.
        kind = DatabaseUnavailable if isinstance(exc, UNREACHABLE) else UpstreamUnavailable
        raise kind(
            f"cannot connect to the database at {redact_url(url)}: "
            f"{type(exc).__name__}: {exc}".replace(urlsplit(url).password or "\0", "***")
        ) from None
    assert pool is not None
    return pool


async def ensure_database(admin_url: str, name: str) -> None:
    conn = await asyncpg.connect(admin_url)
    try:
        exists = await conn.fetchval("SELECT 1 FROM pg_database WHERE datname = $1", name)
        if not exists:
            await conn.execute(f'CREATE DATABASE "{name}"')
    finally:
        await conn.close()


async def drop_database(admin_url: str, name: str) -> None:
    conn = await asyncpg.connect(admin_url)
    try:
        await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await conn.close()
