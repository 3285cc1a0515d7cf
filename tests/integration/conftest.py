from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import aiohttp
import pytest
from aiohttp import web
from aiohttp.test_utils import TestServer

from adapters.media.sample_media import make_corrupt, make_photo, make_video, pad_to
from adapters.sandbox.settings import CreatorSeed, SandboxSettings, default_creators
from tests.integration.sandbox.harness import Tik, WebhookSink, start_sandbox

MULTI_CHUNK = 13_000_000  # two 6,000,000-byte chunks, the last carrying the rest


@pytest.fixture(scope="session")
def media(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("media")
    good = make_video(root / "good.mp4", width=720, height=1280, seconds=2)
    return {
        "good": good,
        "multi": pad_to(
            make_video(root / "multi.mp4", width=720, height=1280, seconds=1), MULTI_CHUNK
        ),
        "low_fps": make_video(root / "low_fps.mp4", width=720, height=1280, fps=15, seconds=2),
        "tiny": make_video(root / "tiny.mp4", width=320, height=568, seconds=2),
        "corrupt": make_corrupt(root / "corrupt.mp4"),
        "jpg": make_photo(root / "a.jpg"),
        "jpg2": make_photo(root / "b.jpg", width=1080, height=1080),
        "png": make_photo(root / "c.png"),
        "huge_jpg": make_photo(root / "huge.jpg", width=2160, height=3840),
    }


@pytest.fixture
async def media_server(media: dict[str, Path]) -> AsyncIterator[str]:
    """Serves the media for PULL_FROM_URL: /media/<file>, a redirect, a 404 and a slow one."""
    root = media["good"].parent

    async def redirect(request: web.Request) -> web.Response:
        raise web.HTTPFound(f"/media/{request.match_info['name']}")

    async def slow(request: web.Request) -> web.StreamResponse:
        response = web.StreamResponse(headers={"Content-Type": "video/mp4"})
        await response.prepare(request)
        for _ in range(200):
            await response.write(b"\0" * 1024)
            await asyncio.sleep(0.05)
        return response

    app = web.Application()
    app.router.add_static("/media/", root)
    app.router.add_get("/redirect/{name}", redirect)
    app.router.add_get("/slow.mp4", slow)
    server = TestServer(app, port=0)
    await server.start_server()
    yield str(server.make_url("")).rstrip("/")
    await server.close()


@pytest.fixture
async def sink() -> AsyncIterator[tuple[WebhookSink, str]]:
    receiver = WebhookSink()
    app = web.Application()
    app.router.add_post("/webhooks/tiktok", receiver.handle)
    server = TestServer(app, port=0)
    await server.start_server()
    yield receiver, str(server.make_url("/webhooks/tiktok"))
    await server.close()


@pytest.fixture
def settings(media_server: str, sink: tuple[WebhookSink, str]) -> SandboxSettings:
    creators = [
        *default_creators(),
        CreatorSeed("short_limit", max_video_post_duration_sec=1),
        CreatorSeed("old_app", app_version="30.2.1"),
        CreatorSeed("spammy", fail_reason="spam_risk_text"),
    ]
    return SandboxSettings(
        processing_delay=0.01,
        moderation_delay=0.01,
        verified_prefixes=(
            f"{media_server}/media/",
            f"{media_server}/redirect/",
            f"{media_server}/slow",
        ),
        webhook_url=sink[1],
        webhook_retry_base=0.05,
        creators=creators,
    )


@pytest.fixture
async def tik(settings: SandboxSettings, tmp_path: Path) -> AsyncIterator[Tik]:
    server, clock = await start_sandbox(settings, tmp_path / "sandbox")
    async with aiohttp.ClientSession() as session:
        yield Tik(str(server.make_url("")).rstrip("/"), server.app, session, clock)
    await server.close()


@pytest.fixture
def webhooks(sink: tuple[WebhookSink, str]) -> WebhookSink:
    return sink[0]
