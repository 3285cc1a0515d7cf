"""The ads use-cases on the in-memory adapters, talking to the sandbox's Marketing emulator
through the real HTTP client (the emulator runs in-process on a loopback port)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import aiohttp
import attrs
import pytest
from aiohttp import web

from adapters.memory.ads import MemoryAdsStore, MemoryAdsUowFactory
from adapters.memory.clock import FakeClock, SequentialIds
from adapters.memory.object_storage import MemoryObjectStorage
from adapters.memory.store import MemoryStore
from adapters.memory.unit_of_work import MemoryUowFactory
from adapters.sandbox.marketing import MARKETING, MarketingSandbox
from adapters.sandbox.settings import SandboxSettings
from adapters.system.spool import TempFileSpool
from adapters.tiktok.marketing_client import MarketingHttpClient
from adapters.tiktok.marketing_config import MarketingClientConfig
from domain.ads.account import AdAccount
from domain.secret import Secret
from entrypoints.ads_wiring import Ads, AdsSettings
from tests.integration.sandbox.harness import start_sandbox

ORG = "org1"


@attrs.define
class AdsWorld:
    ads: Ads
    store: MemoryAdsStore
    posts: MemoryStore
    storage: MemoryObjectStorage
    clock: FakeClock
    client: MarketingHttpClient
    base: str
    http: aiohttp.ClientSession
    app: web.Application

    @property
    def m(self) -> MarketingSandbox:
        return self.app[MARKETING]

    async def control(self, method: str, path: str, body: Any = None) -> Any:
        async with self.http.request(
            method, f"{self.base}/_sandbox/marketing{path}", json=body
        ) as r:
            assert r.status == 200, await r.text()
            return await r.json()

    async def connect(self) -> list[AdAccount]:
        code = (await self.control("POST", "/auth-codes", {}))["auth_code"]
        return list(await self.ads.connect(organisation_id=ORG, auth_code=code))

    async def raw(self, method: str, path: str, token: str, **kw: Any) -> dict[str, Any]:
        """Call the emulator directly (never through our client) to see TikTok's side."""
        async with self.http.request(
            method, f"{self.base}/open_api/v1.3{path}", headers={"Access-Token": token}, **kw
        ) as r:
            return await r.json()  # type: ignore[no-any-return]


def make_client(
    base: str, session: aiohttp.ClientSession, m: MarketingSandbox
) -> MarketingHttpClient:
    config = attrs.evolve(
        MarketingClientConfig.for_sandbox(m.settings.app_id, Secret(m.settings.secret), base),
        backoff_base_s=0.01,
        backoff_cap_s=0.05,
        request_timeout_s=5.0,
    )
    return MarketingHttpClient(session, config)


@pytest.fixture
async def world(tmp_path: Path) -> AsyncIterator[AdsWorld]:
    server, clock = await start_sandbox(SandboxSettings(), tmp_path / "sandbox")
    base = str(server.make_url("")).rstrip("/")
    app = server.app
    m = app[MARKETING]
    m.settings.endpoint_qpm = 1000
    m.settings.advertiser_qps = 1000
    m.settings.video_processing_s = 0
    async with aiohttp.ClientSession() as session:
        client = make_client(base, session, m)
        store, posts = MemoryAdsStore(), MemoryStore()
        storage = MemoryObjectStorage()
        ads = Ads(
            uow=MemoryAdsUowFactory(store),
            marketing=client,
            posts=MemoryUowFactory(posts),
            storage=storage,
            spools=TempFileSpool,
            clock=clock,
            ids=SequentialIds(),
            settings=AdsSettings(video_poll_s=0.01),
        )
        yield AdsWorld(ads, store, posts, storage, clock, client, base, session, app)
    await server.close()
