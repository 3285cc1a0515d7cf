"""Sync N business accounts through the Accounts API without one rate-limit error.

    .venv/bin/python bench/business_sync.py [--accounts 200] [--window 1.0] [--no-comments]

The sandbox (in this process, its Accounts API emulation) holds N business accounts of
~40 videos each, every video with comments. Each account is connected through the real
tt_user OAuth leg, then one round syncs them all at once (20 in parallel): 60 days of
account metrics, every video's insights, and a reconciling listing of every video's
comments. TikTok's limits are kept as they are (40 calls a minute per account and
endpoint, 600 a minute for the app) on a window of ``--window`` seconds (60 is TikTok's;
1.0 runs the same schedule 60 times faster). The figure that matters: 40100 answers the
sandbox gave (must be 0), and how close the round came to the app-wide budget.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import time
from urllib.parse import parse_qs, urlsplit

from aiohttp.test_utils import TestServer

from adapters.memory.clock import SequentialIds
from adapters.memory.store import MemoryStore
from adapters.memory.unit_of_work import MemoryUowFactory
from adapters.sandbox.app import create_app
from adapters.sandbox.business import BUSINESS, AccountSeed, BusinessSettings
from adapters.sandbox.settings import SandboxSettings
from adapters.system.clock import SystemClock
from adapters.tiktok.business_client import (
    BusinessClientConfig,
    TikTokBusinessClient,
    business_limits,
)
from adapters.tiktok.limiter import RateLimiter
from application.use_cases.complete_business_oauth import CompleteBusinessOAuth
from application.use_cases.connect_business_account import ConnectBusinessAccount
from application.use_cases.run_accounts_api_round import RunAccountsApiRound
from application.use_cases.sync_business_insights import SyncBusinessInsights
from application.use_cases.sync_comments import SyncComments
from domain.secret import Secret

REDIRECT = "http://127.0.0.1:9/cb/"


async def main(accounts: int, window_s: float, comments: bool) -> dict[str, object]:
    seeds = [AccountSeed(f"brand_{n:03d}", seed_comments=0) for n in range(accounts)]
    settings = BusinessSettings(accounts=seeds, rate_window_s=window_s)
    sandbox_app = create_app(SandboxSettings(creators=[]), business_settings=settings)
    server = TestServer(sandbox_app, host="127.0.0.1")
    await server.start_server()
    sandbox = sandbox_app[BUSINESS]
    base = str(server.make_url("")).rstrip("/")
    import aiohttp

    async with aiohttp.ClientSession() as http:
        config = BusinessClientConfig(
            app_id=settings.app_id,
            secret=Secret(settings.secret),
            api_base=base,
            authorize_url=f"{base}/tt_user/auth/authorize/",
        )
        client = TikTokBusinessClient(http, config, RateLimiter(business_limits(), window_s))
        uow, clock, ids = MemoryUowFactory(MemoryStore()), SystemClock(), SequentialIds()
        connect = ConnectBusinessAccount(uow, client, clock, ids, REDIRECT)
        complete = CompleteBusinessOAuth(uow, client, clock, ids)
        started = time.perf_counter()
        for seed in seeds:
            begun = await connect(organisation_id="bench-org")
            url = f"{begun.authorize_url}&account={seed.username}"
            async with http.get(url, allow_redirects=False) as back:
                query = parse_qs(urlsplit(back.headers["Location"]).query)
            await complete(state=query["state"][0], code=query["code"][0])
        connected_s = time.perf_counter() - started
        calls_before = sandbox.state.calls
        round_ = RunAccountsApiRound(
            uow, SyncBusinessInsights(uow, client, clock), SyncComments(uow, client, clock)
        )
        started = time.perf_counter()
        result = await round_(comments=comments)
        round_s = time.perf_counter() - started
        calls = sandbox.state.calls - calls_before
        videos = 0
        since = clock.now().replace(year=2000)
        async with uow() as work:
            for channel_id in result.done:
                stored = await work.business_metrics.video_insights(channel_id, since=since)
                videos += len({v.video_id for v in stored})
    await server.close()
    windows = round_s / window_s
    return {
        "accounts": accounts,
        "window_s": window_s,
        "comments": comments,
        "synced": len(result.done),
        "failed": len(result.failed),
        "videos_stored": videos,
        "calls": calls,
        "rate_limited_at_tiktok": sandbox.state.rate_limited,
        "rate_limited_seen_by_client": client.rate_limited_answers,
        "connect_s": round(connected_s, 1),
        "round_s": round(round_s, 1),
        "calls_per_window": round(calls / windows, 1) if windows else None,
        "app_budget_per_window": settings.app_qpm,
        "cpus": os.cpu_count(),
    }


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--accounts", type=int, default=200)
    parser.add_argument("--window", type=float, default=1.0, help="rate window in seconds")
    parser.add_argument("--no-comments", action="store_true")
    args = parser.parse_args()
    print(json.dumps(asyncio.run(main(args.accounts, args.window, not args.no_comments))))
