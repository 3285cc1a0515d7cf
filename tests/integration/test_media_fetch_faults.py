"""A media fetch that fails for now is an upstream fault, not bad content (issue 13.5);
a standalone worker probes from the object store, with no API serving media links."""

from __future__ import annotations

import socket
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from aiohttp import web
from aiohttp.test_utils import TestServer

from adapters.media import sample_media as sm
from adapters.media.pyav_probe import PyAvProbe
from adapters.storage.local import LocalObjectStorage
from application.errors import MediaFetchFailed, MediaUnreadable
from application.use_cases.validate_post import ValidatePost
from domain.post_content import VideoMedia
from tests.builders import video_post


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
async def failing_server() -> AsyncIterator[str]:
    async def boom(request: web.Request) -> web.Response:
        return web.Response(status=503, text="down for maintenance")

    app = web.Application()
    app.router.add_get("/{name}", boom)
    server = TestServer(app)
    await server.start_server()
    yield str(server.make_url("/clip.mp4"))
    await server.close()


async def test_a_refused_connection_is_a_fetch_fault() -> None:
    with pytest.raises(MediaFetchFailed):
        await PyAvProbe().probe_video(f"http://127.0.0.1:{closed_port()}/clip.mp4", 1000)


async def test_a_5xx_while_reading_is_a_fetch_fault(failing_server: str) -> None:
    with pytest.raises(MediaFetchFailed):
        await PyAvProbe().probe_video(failing_server, 1000)


async def test_a_corrupt_file_is_still_unreadable(tmp_path: Path) -> None:
    with pytest.raises(MediaUnreadable):
        await PyAvProbe().probe_video(str(sm.make_corrupt(tmp_path / "bad.mp4")), 4096)


async def test_a_worker_probes_from_the_store_with_no_api_running(tmp_path: Path) -> None:
    # The media links would point at an API that is not running: the probe must not need it.
    storage = LocalObjectStorage(
        tmp_path / "store", public_base_url=f"http://127.0.0.1:{closed_port()}/media"
    )
    clip = sm.make_video(tmp_path / "clip.mp4", width=720, height=1280, seconds=1.2)
    key = "orgs/org1/clip.mp4"
    await storage.put_file(key, clip, "video/mp4")
    post = video_post(media=VideoMedia(key))
    report = await ValidatePost(storage, PyAvProbe())(post)
    assert report.ok and report.video_duration_s is not None
