"""The process's shared resources, each a dependency-injector ``Resource`` of the
container (an async generator: set-up, ``yield``, tear-down). Each imports its driver
when it starts, so a process pays only for what its configuration uses."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import TYPE_CHECKING

import attrs

from entrypoints.settings import data_dir

if TYPE_CHECKING:
    import asyncpg

    from adapters.storage.s3 import S3ObjectStore
    from adapters.system.http_session import LazyClientSession


@attrs.frozen
class Database:
    """The pool of the process and the URL it reaches (the embedded server's when no
    DATABASE_URL is set), which a LISTEN connection needs too."""

    pool: asyncpg.Pool
    url: str


async def http_session() -> AsyncIterator[LazyClientSession]:
    """One aiohttp session for every outgoing call of the process, opened by its first
    request: a process that has called nobody yet has not imported aiohttp."""
    from adapters.system.http_session import LazyClientSession
    from adapters.tiktok.config import USER_AGENT

    session = LazyClientSession(headers={"User-Agent": USER_AGENT})
    try:
        yield session
    finally:
        await session.close()


async def database(
    url: str, data_dir_setting: str, keep: bool, run_migrations: bool
) -> AsyncIterator[Database]:
    """The asyncpg pool, migrated unless told not to; with no URL, the embedded cluster
    in the data directory is started first (and stopped after, unless kept)."""
    from adapters.postgres.database import ensure_database, open_pool
    from adapters.postgres.embedded import DATABASE, EmbeddedPostgres
    from adapters.postgres.migrate import migrate

    server = None
    if not url:  # the embedded default: a private cluster in the data directory
        server = EmbeddedPostgres(data_dir(data_dir_setting) / "postgres")
        await asyncio.to_thread(server.start)
        await ensure_database(server.admin_url, DATABASE)
        url = server.url
    try:
        pool = await open_pool(url)
        try:
            if run_migrations:
                async with pool.acquire() as conn:
                    await migrate(conn)
            yield Database(pool, url)
        finally:
            await pool.close()
    finally:
        if server is not None and server.started_here and not keep:
            await asyncio.to_thread(server.stop)


async def s3_store(
    bucket: str, endpoint_url: str, region: str, access_key_id: str, secret_access_key: str
) -> AsyncIterator[S3ObjectStore]:
    """The S3 client (DigitalOcean Spaces, AWS S3, MinIO) over aiobotocore."""
    if not bucket:
        raise ValueError("TIKTOK_CHANNEL_STORAGE=s3 needs TIKTOK_CHANNEL_S3_BUCKET")
    from adapters.storage.s3 import S3ObjectStore, S3Settings

    settings = S3Settings(
        bucket, endpoint_url or None, region, access_key_id or None, secret_access_key or None
    )
    async with S3ObjectStore.connect(settings) as store:
        yield store
