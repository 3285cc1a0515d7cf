from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import aiohttp
import pytest

from adapters.memory.object_storage import MemoryObjectStorage
from adapters.tiktok.client import TikTokHttpClient
from adapters.tiktok.config import TikTokClientConfig
from application.ports import TokenGrant
from domain.secret import Secret
from tests.contracts.tiktok_api_contract import ALL_SCOPES
from tests.integration.sandbox.harness import REDIRECT, Tik

ALL = ALL_SCOPES


def client_for(tik: Tik, session: aiohttp.ClientSession, **overrides: object) -> TikTokHttpClient:
    config = TikTokClientConfig(
        client_key=tik.settings.client_key,
        client_secret=Secret(tik.settings.client_secret),
        api_base=tik.base,
        auth_base=tik.base,
        backoff_base_s=0.01,
        backoff_cap_s=0.05,
        **overrides,
    )  # type: ignore[arg-type]
    return TikTokHttpClient(session, config)


@pytest.fixture
async def client(tik: Tik) -> AsyncIterator[TikTokHttpClient]:
    async with aiohttp.ClientSession() as session:
        yield client_for(tik, session)


@pytest.fixture
def storage(media: dict[str, Path]) -> MemoryObjectStorage:
    store = MemoryObjectStorage(buffer_size=256 * 1024)
    for name, path in media.items():
        store.put_bytes(name, path.read_bytes(), "video/mp4")
    return store


async def connect(
    tik: Tik,
    client: TikTokHttpClient,
    username: str = "sandbox_brand",
    scopes: tuple[str, ...] = ALL,
    code_challenge: str | None = None,
    code_verifier: str | None = None,
) -> TokenGrant:
    """The browser leg (auto-approve as ``username``), then the client's code exchange."""
    tik.settings.auto_approve = True
    await tik.control("POST", "/session", {"username": username})
    url = client.authorize_url(
        state="s1", redirect_uri=REDIRECT, scopes=scopes, code_challenge=code_challenge
    )
    async with tik.http.get(url, allow_redirects=False) as response:
        code = parse_qs(urlsplit(response.headers["Location"]).query)["code"][0]
    return await client.exchange_code(code=code, redirect_uri=REDIRECT, code_verifier=code_verifier)
