"""The rate limiter shared through PostgreSQL: separate clients (as separate worker
processes would be) together never exceed TikTok's per-token window."""

from __future__ import annotations

import asyncio
from pathlib import Path

import aiohttp
import asyncpg
from aiohttp.test_utils import TestServer

from adapters.postgres.rate_limiter import PgRateLimiter
from adapters.sandbox.app import create_app
from adapters.sandbox.keys import SANDBOX
from adapters.sandbox.settings import SandboxSettings
from adapters.tiktok.client import TikTokHttpClient
from adapters.tiktok.config import RATE_LIMITS
from application.ports.tiktok import VideoSourceSpec
from domain.chunk_plan import plan_chunks
from domain.post_content import PostSettings, PrivacyLevel, VideoMedia, VideoSource
from domain.secret import Secret
from tests.builders import video_post
from tests.integration.sandbox.harness import Tik
from tests.integration.tiktok_client.conftest import client_for, connect


async def test_three_processes_share_one_window(pool: asyncpg.Pool, tmp_path: Path) -> None:
    async with pool.acquire() as conn:
        await conn.execute("TRUNCATE rate_calls")
    server = TestServer(
        create_app(
            SandboxSettings(rate_window_s=0.5, processing_delay=0, daily_post_cap=1000),
            data_dir=tmp_path,
        ),
        port=0,
    )
    await server.start_server()
    try:
        async with aiohttp.ClientSession() as session:
            tik = Tik(str(server.make_url("")).rstrip("/"), server.app, session, None)  # type: ignore[arg-type]
            token = Secret((await connect(tik, client_for(tik, session))).access_token)
            workers = [
                TikTokHttpClient(
                    session,
                    client_for(tik, session).config,
                    limiter=PgRateLimiter(pool, RATE_LIMITS, 0.5),
                )
                for _ in range(3)
            ]
            post = video_post(
                media=VideoMedia("v.mp4"),
                settings=PostSettings(privacy_level=PrivacyLevel.SELF_ONLY),
            )
            source = VideoSourceSpec(VideoSource.FILE_UPLOAD, plan_chunks(10_000_000))
            results = await asyncio.gather(
                *(w.init_video(token, post=post, source=source) for w in workers for _ in range(5))
            )
        assert len({r.publish_id for r in results}) == 15
        assert server.app[SANDBOX].windows.rejected == 0
    finally:
        await server.close()
