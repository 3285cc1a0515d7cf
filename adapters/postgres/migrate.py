"""Plain SQL migrations, applied in order, each in its own transaction, recorded."""

from __future__ import annotations

from pathlib import Path

import asyncpg

MIGRATIONS = Path(__file__).with_name("migrations")
LOCK_ID = 727_011  # an advisory lock: two migrators never run at once


def available() -> list[tuple[str, Path]]:
    return sorted((path.stem, path) for path in MIGRATIONS.glob("*.sql"))


async def applied(conn: asyncpg.Connection) -> list[str]:
    await conn.execute(
        "CREATE TABLE IF NOT EXISTS schema_migrations ("
        " version text PRIMARY KEY, applied_at timestamptz NOT NULL"
        " DEFAULT now())"
    )
    return [
        r["version"]
        for r in await conn.fetch("SELECT version FROM schema_migrations ORDER BY version")
    ]


async def migrate(conn: asyncpg.Connection) -> list[str]:
    """Apply what is missing; returns the versions applied now."""
    await conn.execute("SELECT pg_advisory_lock($1)", LOCK_ID)
    try:
        done = set(await applied(conn))
        new = []
        for version, path in available():
            if version in done:
                continue
            async with conn.transaction():
                await conn.execute(path.read_text())
                await conn.execute("INSERT INTO schema_migrations (version) VALUES ($1)", version)
            new.append(version)
        return new
    finally:
        await conn.execute("SELECT pg_advisory_unlock($1)", LOCK_ID)


async def pending(conn: asyncpg.Connection) -> list[str]:
    done = set(await applied(conn))
    return [version for version, _ in available() if version not in done]
