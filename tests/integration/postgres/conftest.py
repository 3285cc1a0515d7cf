"""A PostgreSQL for the tests: TEST_DATABASE_URL if given, else the embedded cluster
(the same mechanism the CLI uses on a fresh machine) in a temporary directory: tests
never touch the working directory's ./.data."""

from __future__ import annotations

import asyncio
import os
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import asyncpg
import pytest

from adapters.postgres.database import drop_database, ensure_database, open_pool
from adapters.postgres.embedded import EmbeddedPostgres
from adapters.postgres.migrate import migrate
from adapters.system.cipher import AesGcmCipher
from tests.tempdirs import server_reachable_dir

ROOT = Path(__file__).resolve().parents[3]  # the project (never its ./.data)
TABLES = (
    "sync_jobs",
    "webhook_attempts",
    "webhook_deliveries",
    "outgoing_events",
    "webhook_secrets",
    "webhook_endpoints",
    "reply_intents",
    "comments",
    "business_video_insights",
    "business_audiences",
    "business_account_days",
    "business_connections",
    "ad_review_events",
    "ad_report_rows",
    "ad_creatives",
    "custom_audiences",
    "ad_objects",
    "ad_accounts",
    "post_events",
    "posts",
    "video_snapshots",
    "account_snapshots",
    "channel_insights",
    "api_keys",
    "return_origins",
    "idempotency_keys",
    "channels",
    "organisations",
    "webhook_events",
    "oauth_states",
    "rate_calls",
    "post_status_counts",
    "channel_due",
    "alerts_sent",
)


def _with_database(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{name}"))


@pytest.fixture(scope="session")
def pg_server() -> Iterator[tuple[str, EmbeddedPostgres | None]]:
    """An admin URL (to the 'postgres' database) and the embedded server if we run one."""
    given = os.environ.get("TEST_DATABASE_URL")
    if given:
        yield given, None
        return
    with server_reachable_dir("tiktok-channel-test-postgres-") as root:
        server = EmbeddedPostgres(root, durable=False)
        server.start()
        try:
            yield server.admin_url, server
        finally:
            server.stop()


@pytest.fixture(scope="session")
def pg_url(pg_server: tuple[str, EmbeddedPostgres | None]) -> Iterator[str]:
    """A database of our own for this test session, migrated."""
    admin, _ = pg_server
    name = f"tiktok_channel_test_{os.getpid()}"

    async def create() -> None:
        await ensure_database(admin, name)
        conn = await asyncpg.connect(_with_database(admin, name))
        try:
            await migrate(conn)
        finally:
            await conn.close()

    asyncio.run(create())
    yield _with_database(admin, name)
    asyncio.run(drop_database(admin, name))


@pytest.fixture
async def pool(pg_url: str) -> AsyncIterator[asyncpg.Pool]:
    pool = await open_pool(pg_url, min_size=1, max_size=12)
    async with pool.acquire() as conn:
        await conn.execute(f"TRUNCATE {', '.join(TABLES)} CASCADE")
    yield pool
    await pool.close()


@pytest.fixture(scope="session")
def cipher() -> AesGcmCipher:
    return AesGcmCipher.from_config(f"k1:{AesGcmCipher.generate_key()}")
