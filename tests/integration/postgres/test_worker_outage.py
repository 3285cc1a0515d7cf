"""Workers on a real PostgreSQL that goes away under them: the project's embedded cluster
in a temporary directory is stopped while `publisher` and `status` run; a post falls due
during the outage; /readyz says not ready; the server comes back; the workers resume by
themselves and the post is published exactly once."""

from __future__ import annotations

import asyncio
import os
import shutil
import tempfile
from collections.abc import AsyncIterator, Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from aiohttp.test_utils import TestClient, TestServer

from adapters.postgres.database import ensure_database
from adapters.postgres.embedded import DATABASE, EmbeddedPostgres
from domain.post_content import MediaKind, PostContent, PostSettings, PrivacyLevel, VideoMedia
from domain.post_state import PostStatus
from entrypoints.container import Container, build_container, open_resources
from entrypoints.http.app import create_app
from entrypoints.workers import run_workers
from tests.unit.application.world import GOOD_VIDEO

pytestmark = [pytest.mark.postgres, pytest.mark.slow]
ORG = "org1"


@pytest.fixture
def server() -> Iterator[EmbeddedPostgres]:
    root = Path(tempfile.mkdtemp(prefix="tc-outage-", dir="/tmp"))
    root.chmod(0o755)  # the server may run as an unprivileged user
    server = EmbeddedPostgres(root / "pg", durable=False)
    server.start()
    try:
        yield server
    finally:
        server.stop()
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture
async def container(server: EmbeddedPostgres) -> AsyncIterator[Container]:
    await ensure_database(server.admin_url, DATABASE)
    c = build_container(
        backend="postgres",
        database_url=server.url,
        tiktok="fake",
        storage="memory",
        probe="fake",
        data_dir=str(server.root.parent),
        token_keys="k1:" + "A" * 43 + "=",
        worker_id="outage-test",
    )
    async with open_resources(c) as opened:
        yield opened


async def _due_soon(c: Container, seconds: float) -> str:
    tiktok, storage = c.tiktok_api(), c.storage()
    tiktok.add_account("open-1", username="brand")
    started = await c.connect_channel()(organisation_id=ORG)
    done = await c.complete_oauth()(state=started.state, code=tiktok.issue_code("open-1"))
    storage.put_bytes("orgs/org1/clip.mp4", os.urandom(6_000_000), "video/mp4")
    c.probe().videos["orgs/org1/clip.mp4"] = GOOD_VIDEO
    created = await c.create_post()(
        organisation_id=ORG,
        channel_id=done.channel.id,
        kind=MediaKind.VIDEO,
        content=PostContent(caption="after the outage"),
        settings=PostSettings(privacy_level=PrivacyLevel.SELF_ONLY),
        media=VideoMedia("orgs/org1/clip.mp4"),
        created_by="author",
    )
    post = created.post
    await c.approve_post()(organisation_id=ORG, post_id=post.id, approved_by="client")
    at = c.clock().now() + timedelta(seconds=seconds)
    await c.schedule_post()(organisation_id=ORG, post_id=post.id, at=at)
    return post.id


async def _status(c: Container, post_id: str) -> PostStatus | None:
    try:
        async with c.uow()() as uow:
            return (await uow.posts.get(post_id)).status
    except Exception:
        return None


async def test_workers_outlive_the_database_and_publish_the_due_post_once(
    server: EmbeddedPostgres, container: Container
) -> None:
    post_id = await _due_soon(container, seconds=3)
    stop = asyncio.Event()
    workers = asyncio.create_task(run_workers(["publisher", "status"], container, stop))
    async with TestClient(TestServer(create_app(container))) as http:
        assert (await http.get("/readyz")).status == 200
        await asyncio.to_thread(server.stop)  # the database goes away under the workers
        await asyncio.sleep(6)  # the post falls due during the outage
        assert not workers.done(), "a worker ended with the database"
        answer = await http.get("/readyz")
        assert answer.status == 503
        assert (await answer.json())["checks"]["database"].startswith("unreachable")
        await asyncio.to_thread(server.start)  # back: nobody restarts the workers
        for _ in range(120):
            if await _status(container, post_id) is PostStatus.PUBLISHED:
                break
            await asyncio.sleep(0.25)
        assert await _status(container, post_id) is PostStatus.PUBLISHED
        assert (await http.get("/readyz")).status == 200
    assert not workers.done()
    stop.set()
    await asyncio.wait_for(workers, timeout=20)  # only the stop request ends them
    tiktok = container.tiktok_api()
    assert tiktok.calls["init_video"] == 1  # published once
    assert [p.post_id for p in tiktok.publications.values()] == [post_id]
