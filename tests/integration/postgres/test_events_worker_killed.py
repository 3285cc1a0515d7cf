"""The event delivery worker, killed mid-run and started again, loses no event; the
receiver (standardwebhooks alone) de-duplicates by webhook-id and sees each post's events
in order. Real processes: `tiktok-channel worker events` on PostgreSQL."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import asyncpg
import pytest

from adapters.postgres.unit_of_work import PgUowFactory
from adapters.system.cipher import AesGcmCipher
from domain.post_state import PostStatus
from domain.secret import Secret
from domain.webhook_endpoint import WebhookEndpoint
from tests.builders import LATER, T0, channel, post_in, video_post

pytestmark = [pytest.mark.postgres, pytest.mark.slow]
ROOT = Path(__file__).resolve().parents[3]
KEYS = "k1:" + "B" * 43 + "="
SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
POSTS = 25


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


async def seed(pool: asyncpg.Pool, url: str) -> None:
    """An endpoint, a channel and POSTS posts taken through schedule, start and publish."""
    uow = PgUowFactory(pool, AesGcmCipher.from_config(KEYS))
    async with uow() as u:
        await u.webhook_endpoints.add(
            WebhookEndpoint.register(
                endpoint_id="we1",
                organisation_id="org1",
                url=url,
                event_types=(),
                description="",
                secret=Secret(SECRET),
                now=T0,
                allow_insecure=True,
            )
        )
        await u.channels.add(channel())
        await u.commit()
    for i in range(POSTS):
        post = post_in(PostStatus.CLIENT_APPROVED, post=video_post(f"p{i}"))
        async with uow() as u:
            stored = await u.posts.add(post)
            await u.commit()
        stored = stored.schedule(at=LATER, now=T0)
        stored = stored.start_publishing(attempt=1, now=LATER)
        stored = stored.record_publish_id(publish_id=f"pub-{i}", now=LATER)
        stored = stored.mark_published(tiktok_post_ids=(f"7{i}",), share_url=None, now=LATER)
        async with uow() as u:
            await u.posts.save(stored)
            await u.commit()


def worker(pg_url: str, data_dir: Path) -> subprocess.Popen[bytes]:
    env = dict(
        os.environ,
        DATABASE_URL=pg_url,
        TIKTOK_CHANNEL_TOKEN_KEYS=KEYS,
        TIKTOK_CHANNEL_DATA_DIR=str(data_dir),
        TIKTOK_CHANNEL_EVENT_LEASE_S="2",
        TIKTOK_CHANNEL_LOG_LEVEL="WARNING",
    )
    return subprocess.Popen(
        [sys.executable, "-m", "entrypoints.cli.main", "worker", "events"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def start_receiver(port: int, out: Path) -> subprocess.Popen[bytes]:
    """The receiver in its own process, answering after 50 ms (so a kill lands mid-send)."""
    return subprocess.Popen(
        [sys.executable, "-m", "tests.e2e.receiver", str(port), SECRET, str(out), "0.05"],
        cwd=ROOT,
    )


async def delivered(pool: asyncpg.Pool) -> int:
    return int(
        await pool.fetchval("SELECT count(*) FROM webhook_deliveries WHERE status = 'delivered'")
    )


async def test_a_killed_delivery_worker_loses_no_event(
    pool: asyncpg.Pool, pg_url: str, tmp_path: Path
) -> None:
    port = free_port()
    out = tmp_path / "received.jsonl"
    receiver = start_receiver(port, out)
    try:
        await seed(pool, f"http://127.0.0.1:{port}/hooks")
        total = int(await pool.fetchval("SELECT count(*) FROM outgoing_events"))
        assert total == 1 + 3 * POSTS  # connected; scheduled, publishing, published per post
        kills = 0
        first = worker(pg_url, tmp_path)
        deadline = time.monotonic() + 60
        while await delivered(pool) < 10 and time.monotonic() < deadline:
            await asyncio.sleep(0.05)
        first.send_signal(signal.SIGKILL)  # mid-run: some deliveries leased, some sent
        first.wait()
        kills += 1
        assert await delivered(pool) < total
        second = worker(pg_url, tmp_path)
        try:
            while await delivered(pool) < total and time.monotonic() < deadline:
                await asyncio.sleep(0.2)
        finally:
            second.send_signal(signal.SIGTERM)
            second.wait(timeout=20)
        assert await delivered(pool) == total
    finally:
        receiver.send_signal(signal.SIGTERM)
        receiver.wait(timeout=10)
    lines = [json.loads(line) for line in out.read_text().splitlines()]
    unique: dict[str, dict[str, object]] = {}
    for item in lines:
        unique.setdefault(str(item["webhook_id"]), item)
    ids = {r["id"] for r in await pool.fetch("SELECT id FROM outgoing_events")}
    assert set(unique) == ids and kills == 1
    for i in range(POSTS):
        types = [u["type"] for u in unique.values() if u["data"].get("post_id") == f"p{i}"]  # type: ignore[union-attr]
        assert types == ["post.scheduled", "post.publishing", "post.published"]
