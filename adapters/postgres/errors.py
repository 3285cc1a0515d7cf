"""Losing the database, at the adapter's boundary: every way asyncpg and the socket report
a lost, refused, restarting or failing-over server becomes ``DatabaseUnavailable``, so the
workers wait and resume instead of dying on a driver error."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

import asyncpg

from application.errors import DatabaseUnavailable

UNREACHABLE = (
    asyncpg.PostgresConnectionError,  # lost, refused, rejected, commit outcome unknown
    asyncpg.InterfaceError,
    asyncpg.exceptions.OperatorInterventionError,  # shutting down, starting up, crashed
    asyncpg.exceptions.TooManyConnectionsError,
    asyncpg.exceptions.ReadOnlySQLTransactionError,  # a failover left us on a standby
    ConnectionError,
    OSError,
)


@contextlib.contextmanager
def database_errors() -> Iterator[None]:
    try:
        yield
    except UNREACHABLE as exc:
        raise DatabaseUnavailable(
            f"cannot reach the database: {type(exc).__name__}: {exc}"
        ) from exc
