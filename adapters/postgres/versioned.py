"""Rows keyed by ``id``: insert (a duplicate is a Conflict), read (a missing one is NotFound),
and optimistic locking for rows with a version column: one UPDATE, a clear error if it lost."""

from __future__ import annotations

import asyncpg

from adapters.postgres.session import PgSession
from application.errors import Conflict, NotFound


async def versioned_update(
    conn: PgSession, table: str, columns: str, values: tuple[object, ...], kind: str
) -> None:
    """UPDATE every column from ``values`` (id first, version last) if the version matches."""
    names = [c.strip() for c in columns.split(",")]
    sets = ", ".join(f"{n} = ${i}" for i, n in enumerate(names[1:-1], start=2))
    row_id, version = values[0], values[-1]
    done = await conn.fetchval(
        f"UPDATE {table} SET {sets}, version = version + 1 WHERE id = $1 AND version = ${len(names)}"
        " RETURNING version",
        *values,
    )
    if done is None:
        exists = await conn.fetchval(f"SELECT 1 FROM {table} WHERE id = $1", row_id)
        if not exists:
            raise NotFound(kind, str(row_id))
        raise Conflict(f"{kind} {row_id} was changed by someone else (version {version})")


async def insert_row(
    conn: PgSession, table: str, columns: str, values: tuple[object, ...], kind: str
) -> None:
    """INSERT every column from ``values`` (id first); an id stored already is a Conflict."""
    slots = ", ".join(f"${i}" for i in range(1, len(columns.split(",")) + 1))
    try:
        await conn.execute(f"INSERT INTO {table} ({columns}) VALUES ({slots})", *values)
    except asyncpg.UniqueViolationError:
        raise Conflict(f"{kind} {values[0]} exists already") from None


async def row_by_id(
    conn: PgSession, table: str, columns: str, row_id: str, kind: str
) -> asyncpg.Record:
    row = await conn.fetchrow(f"SELECT {columns} FROM {table} WHERE id = $1", row_id)
    if row is None:
        raise NotFound(kind, row_id)
    return row
