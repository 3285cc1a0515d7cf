"""Limiter: many tokens each sending more inits than one window allows.

50 tokens x 12 Direct Post inits against the sandbox (its own process, TikTok's real
one-minute window). The client's limiter must hold every token to 6 per minute: zero 429s,
and a total time within 5% of the theoretical minimum, ceil(inits / 6 - 1) windows.

    .venv/bin/python bench/limiter.py --tokens 50 --inits 12

The last line is one JSON object with the figures.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench._common import CLIENT_KEY, CLIENT_SECRET, control, login, sandbox_process


async def run(base: str, tokens: int, inits: int, window_s: float) -> dict[str, float]:
    import aiohttp

    from adapters.tiktok.client import TikTokHttpClient
    from adapters.tiktok.config import TikTokClientConfig
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
        )
        started = time.perf_counter()
        results = await asyncio.gather(
            *(
                client.init_video(token, post=post, source=source)
                for token in secrets
                for _ in range(inits)
            )
        )
        elapsed = time.perf_counter() - started
    minimum = math.ceil(inits / 6 - 1) * window_s
    return {
        "tokens": tokens,
        "inits_per_token": inits,
        "inits": len(results),
        "elapsed_s": round(elapsed, 3),
        "theoretical_min_s": minimum,
        "elapsed_vs_min": round(elapsed / minimum, 4) if minimum else None,
        "client_waited_s_total": round(client.limiter.waited_s, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tokens", type=int, default=50)
    parser.add_argument("--inits", type=int, default=12)
    args = parser.parse_args()
    with sandbox_process("--daily-post-cap", str(args.tokens * args.inits + 1)) as base:
        figures = asyncio.run(run(base, args.tokens, args.inits, 60.0))
        figures["http_429s"] = control(base, "/")["rate_limited"]
    figures["targets"] = {"http_429s": 0, "elapsed_vs_min_at_most": 1.05}
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
