"""The TikTokApi contract, run against our HTTP client talking to the sandbox over HTTP."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import aiohttp
import attrs
import pytest
from aiohttp import web
from aiohttp.test_utils import TestServer

from adapters.sandbox.settings import CreatorSeed, SandboxSettings
from adapters.tiktok.client import TikTokHttpClient
from adapters.tiktok.config import TikTokClientConfig
from domain.secret import Secret
from tests.contracts.tiktok_api_contract import TikTokApiContract, TikTokWorld
from tests.integration.sandbox.harness import REDIRECT, Tik, start_sandbox


@attrs.define
class SandboxWorld:
    api: TikTokHttpClient
    tik: Tik
    media_base: str
    video: bytes = attrs.field(repr=False)
    big_video: bytes = attrs.field(repr=False)
    redirect_uri: str = REDIRECT

    async def authorization_code(self, username: str, scopes: tuple[str, ...]) -> str:
        return (await self.tik.approve(username, ",".join(scopes)))["code"][0]

    def open_id(self, username: str) -> str:
        creator = self.tik.sandbox.state.creator_by_username(username)
        return str(creator.open_id)

    def photo_urls(self, count: int) -> list[str]:
        return [f"{self.media_base}/media/photo.jpg?n={n}" for n in range(count)]

    async def settle(self) -> None:
        await self.tik.settle()

    def advance(self, seconds: int) -> None:
        self.tik.clock.advance(timedelta(seconds=seconds))

    async def posted_media(self, username: str) -> list[str]:
        posts: list[dict[str, Any]] = (
            await self.tik.control("GET", f"/posts?username={username}")
        ).body
        return [sha for p in posts if not p["is_photo"] for sha in p["media_sha256"]]


@pytest.fixture
async def media_base(contract_media: dict[str, Path]) -> AsyncIterator[str]:
    app = web.Application()
    app.router.add_static("/media/", contract_media["photo"].parent)
    server = TestServer(app, port=0)
    await server.start_server()
    yield str(server.make_url("")).rstrip("/")
    await server.close()


class TestSandboxTikTokApi(TikTokApiContract):
    @pytest.fixture
    async def world(
        self, contract_media: dict[str, Path], media_base: str, tmp_path: Path
    ) -> AsyncIterator[TikTokWorld]:
        settings = SandboxSettings(
            processing_delay=0.01,
            moderation_delay=0.01,
            verified_prefixes=(f"{media_base}/media/",),
            creators=[CreatorSeed("alpha"), CreatorSeed("beta")],
        )
        server, clock = await start_sandbox(settings, tmp_path / "sandbox")
        base = str(server.make_url("")).rstrip("/")
        async with aiohttp.ClientSession() as session:
            config = TikTokClientConfig(
                client_key=settings.client_key,
                client_secret=Secret(settings.client_secret),
                api_base=base,
                auth_base=base,
                backoff_base_s=0.01,
                backoff_cap_s=0.05,
            )
            yield SandboxWorld(
                TikTokHttpClient(session, config),
                Tik(base, server.app, session, clock),
                media_base,
                contract_media["video"].read_bytes(),
                contract_media["big_video"].read_bytes(),
            )
        await server.close()
