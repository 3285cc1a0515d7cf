"""An audience uploaded with the Postgres adapter: no raw identifier in any table."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from pathlib import Path

import aiohttp
import asyncpg
import pytest

from adapters.memory.clock import SequentialIds
from adapters.memory.object_storage import MemoryObjectStorage
from adapters.memory.store import MemoryStore
from adapters.memory.unit_of_work import MemoryUowFactory
from adapters.postgres.ads import PgAdsUowFactory
from adapters.sandbox.marketing import MARKETING
from adapters.sandbox.marketing.oauth_routes import issue_auth_code
from adapters.sandbox.settings import SandboxSettings
from adapters.system.cipher import AesGcmCipher
from adapters.system.spool import TempFileSpool
from domain.ads.audience import IdentifierKind
from entrypoints.ads_wiring import Ads
from tests.integration.ads.conftest import make_client
from tests.integration.sandbox.harness import start_sandbox

pytestmark = pytest.mark.postgres
RAW = [f"Person{i}+vip@Example.org" for i in range(120)] + ["+33 6 12 34 56 78"]


async def blocks() -> AsyncIterator[bytes]:
    yield ("email\n" + "\n".join(RAW) + "\n").encode()


async def test_no_table_holds_a_raw_identifier(
    pool: asyncpg.Pool, cipher: AesGcmCipher, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    server, clock = await start_sandbox(SandboxSettings(), tmp_path / "sandbox")
    m = server.app[MARKETING]
    try:
        async with aiohttp.ClientSession() as session:
            client = make_client(str(server.make_url("")).rstrip("/"), session, m)
            ads = Ads(PgAdsUowFactory(pool, cipher), client, MemoryUowFactory(MemoryStore()),
                      MemoryObjectStorage(), TempFileSpool, clock, SequentialIds())  # fmt: skip
            [account, _] = await ads.connect(organisation_id="org1", auth_code=issue_auth_code(m))
            made = await ads.upload_audience(organisation_id="org1", account_id=account.id,
                                             kind=IdentifierKind.EMAIL, blocks=blocks(), name="VIP")  # fmt: skip
            assert (made.identifiers, made.rejected) == (120, 1)
    finally:
        await server.close()
    async with pool.acquire() as conn:
        tables = [
            r["tablename"]
            for r in await conn.fetch("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
        ]
        dump = ""
        for table in tables:
            rows = await conn.fetch(f'SELECT row_to_json(t)::text AS j FROM "{table}" t')
            dump += "\n".join(r["j"] for r in rows)
    everywhere = (dump + caplog.text + repr(m.state)).lower()
    assert "vip" in everywhere  # the audience's name is there, so the scan reads the rows
    for raw in RAW[:120:10]:
        local = raw.split("+")[0].lower()
        assert f"{local}@" not in everywhere and f"{local}+" not in everywhere
    assert "12 34 56" not in everywhere and m.state.unhashed_lines_seen == 0
