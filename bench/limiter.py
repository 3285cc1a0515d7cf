"""Limiter: many tokens each sending more inits than one window allows.

50 tokens x 12 Direct Post inits against the sandbox (its own process, TikTok's real
one-minute window), once with the in-process limiter and once with the limiter shared
through PostgreSQL (what production runs with a Postgres backend: DATABASE_URL, else the
embedded cluster). The limiter must hold every token to 6 per minute: zero 429s, and a
total time within 5% of the theoretical minimum, ceil(inits / 6 - 1) windows. An init
whose window is more than 5 s away is refused with rate_window_full (the publisher then
defers the post to the window's opening); the bench does the same: it waits the time
the error gives and sends the init again.

    .venv/bin/python bench/limiter.py --tokens 50 --inits 12 [--limiters memory,postgres]

The last line is one JSON object with the figures.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench._common import (
    CLIENT_KEY,
    CLIENT_SECRET,
    bench_database,
    control,
    login,
    sandbox_process,
    uptime,
)


async def run(
    base: str, tokens: int, inits: int, window_s: float, database_url: str | None = None
) -> dict[str, float]:
    import aiohttp

    from adapters.tiktok.client import TikTokHttpClient
    from adapters.tiktok.config import TikTokClientConfig
    from application.errors import TikTokApiError
    from application.ports.tiktok import VideoSourceSpec
    from domain.chunk_plan import plan_chunks
    from domain.post_content import PostSettings, PrivacyLevel, VideoMedia, VideoSource
    from domain.secret import Secret
    from tests.builders import video_post

    secrets = [Secret(str(login(base)["access_token"])) for _ in range(tokens)]
    post = video_post(
        media=VideoMedia("v.mp4"), settings=PostSettings(privacy_level=PrivacyLevel.SELF_ONLY)
    )
    source = VideoSourceSpec(VideoSource.FILE_UPLOAD, plan_chunks(10_000_000))
    connector = aiohttp.TCPConnector(limit=200)
    pool = limiter = None
    if database_url:
        from adapters.postgres.database import open_pool
        from adapters.postgres.migrate import migrate
        from adapters.postgres.rate_limiter import PgRateLimiter
        from adapters.tiktok.config import RATE_LIMITS

        pool = await open_pool(database_url, max_size=20)
        async with pool.acquire() as conn:
            await migrate(conn)
            await conn.execute("TRUNCATE rate_calls")
        limiter = PgRateLimiter(pool, RATE_LIMITS, window_s)
    deferred = 0

    async def init(client: TikTokHttpClient, token: Secret) -> object:
        nonlocal deferred
        while True:
            try:
                return await client.init_video(token, post=post, source=source)
            except TikTokApiError as exc:
                if exc.error.spec.code != "rate_window_full":
                    raise
                deferred += 1
                await asyncio.sleep(exc.error.retry_after_s or 0.05)

    async with aiohttp.ClientSession(connector=connector) as session:
        client = TikTokHttpClient(
            session,
            TikTokClientConfig(
                CLIENT_KEY,
                Secret(CLIENT_SECRET),
                api_base=base,
                auth_base=base,
                rate_window_s=window_s,
            ),
            limiter=limiter,
        )
        started = time.perf_counter()
        results = await asyncio.gather(
            *(init(client, token) for token in secrets for _ in range(inits))
        )
        elapsed = time.perf_counter() - started
    if pool is not None:
        await pool.close()
    minimum = math.ceil(inits / 6 - 1) * window_s
    return {
        "tokens": tokens,
        "inits_per_token": inits,
        "inits": len(results),
        "elapsed_s": round(elapsed, 3),
        "theoretical_min_s": minimum,
        "elapsed_vs_min": round(elapsed / minimum, 4) if minimum else None,
        "deferred_rate_window_full": deferred,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tokens", type=int, default=50)
    parser.add_argument("--inits", type=int, default=12)
    parser.add_argument("--limiters", default="memory,postgres")
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL"))
    args = parser.parse_args()
    figures: dict[str, object] = {}
    for kind in args.limiters.split(","):
        # A fresh sandbox per limiter: its windows and counts start empty.
        with sandbox_process("--daily-post-cap", str(args.tokens * args.inits + 1)) as base:
            if kind == "postgres":
                with bench_database(args.database_url, "tiktok_channel_limiter") as url:
                    run_figures = asyncio.run(run(base, args.tokens, args.inits, 60.0, url))
            else:
                run_figures = asyncio.run(run(base, args.tokens, args.inits, 60.0))
            run_figures["http_429s"] = control(base, "/")["rate_limited"]
            run_figures["load"] = uptime()
        print(f"{kind}: {run_figures}", flush=True)
        figures[kind] = run_figures
    figures["targets"] = {"http_429s": 0, "elapsed_vs_min_at_most": 1.05}
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
