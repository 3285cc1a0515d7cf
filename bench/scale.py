"""Scale: the API's lists and counts, /metrics, the claim and one post's GET, at 10k and at
1M posts (1,000 channels, one busy channel holding 9,000 due posts at 1M).

Posts are generated with set-based SQL (generate_series). The API runs as
`tiktok-channel serve` in its own process against the same database; beside it, in the
same run, a minimal aiohttp handler doing one asyncpg query (the same SELECT as the
adapter's get) is the baseline for GET /v1/posts/{id}. The claim runs the adapter's
claim_due and commits; the leases are handed back (not timed) so every sample sees the
same table, as a publisher moving the posts on would.

    .venv/bin/python bench/scale.py [--posts 1000000] [--small 10000] [--database-url URL]

Targets: list by status and /metrics at --posts within 1.5x of their figure at --small;
claim with the busy channel <= 2 ms median and <= 3x SELECT 1 in the plain case; GET
/v1/posts/{id} >= 0.6x the minimal handler's requests/s, p99 within 2x. The last line
is one JSON object.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench._common import ROOT, bench_database, free_port, uptime

NOW = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)
ORG = "org-bench"
CHANNELS = 1000
BUSY = "c0000"
DB = "tiktok_channel_scale"
METRICS_TOKEN = "scale-bench-metrics-token"

# One post per row of generate_series(i): channel (i / 100) % 1000 (so every channel has
# posts in every state); 1% due, 1% manual_pending,
# 10% drafts, 10% scheduled for later, 5% approved, the rest published; one second apart.
FILL = """
INSERT INTO posts (id, organisation_id, channel_id, kind, status, content, settings,
                   created_at, approved_at, scheduled_at, next_attempt_at, manual_reason,
                   version)
SELECT 'p' || lpad(i::text, 8, '0'), $3, 'c' || lpad((i / 100 % 1000)::text, 4, '0'), 'video',
       s.status, '{"caption": "bench #post", "title": "", "description": ""}'::jsonb,
       '{"privacy_level": "SELF_ONLY"}'::jsonb,
       $4::timestamptz - make_interval(days => 400) + make_interval(secs => i),
       NULL, s.at, s.at,
       CASE WHEN s.status = 'manual_pending' THEN 'manual_channel' END, 1
FROM generate_series($1::int, $2::int - 1) AS i
CROSS JOIN LATERAL (SELECT
    CASE WHEN i % 100 = 0 THEN 'scheduled' WHEN i % 100 = 1 THEN 'manual_pending'
         WHEN i % 10 = 2 THEN 'draft' WHEN i % 10 = 3 THEN 'scheduled'
         WHEN i % 20 = 5 THEN 'client_approved' ELSE 'published' END AS status,
    CASE WHEN i % 100 = 0 THEN $4::timestamptz - make_interval(secs => i % 3600)
         WHEN i % 10 = 3 THEN $4::timestamptz + make_interval(days => 1 + i % 30)
    END AS at) AS s
"""
# The busy channel's backlog: due before everyone else's posts.
BACKLOG = """
INSERT INTO posts (id, organisation_id, channel_id, kind, status, content, settings,
                   created_at, scheduled_at, next_attempt_at, version)
SELECT 'busy' || lpad(i::text, 6, '0'), $2, $3, 'video', 'scheduled',
       '{"caption": "backlog"}'::jsonb, '{"privacy_level": "SELF_ONLY"}'::jsonb,
       $4::timestamptz - make_interval(days => 2), $4::timestamptz - make_interval(hours => 2),
       $4::timestamptz - make_interval(hours => 2) + make_interval(secs => i), 1
FROM generate_series(0, $1::int - 1) AS i
"""


async def setup(url: str) -> tuple[str, str]:
    """Schema, 1,000 channels, an API key and one post with a real audit trail."""
    import asyncpg

    from adapters.postgres.database import open_pool
    from adapters.postgres.migrate import migrate
    from adapters.postgres.unit_of_work import PgUowFactory
    from adapters.system.cipher import AesGcmCipher
    from domain.api_key import ApiKey
    from domain.post_content import PostSettings, PrivacyLevel, VideoMedia
    from tests.builders import video_post

    conn = await asyncpg.connect(url)
    try:
        await migrate(conn)
        await conn.execute("TRUNCATE posts, channels, organisations, api_keys CASCADE")
        await conn.execute("INSERT INTO organisations (id) VALUES ($1)", ORG)
        await conn.execute(
            "INSERT INTO channels (id, organisation_id, open_id, display_name,"
            " publishing_mode, status, connected_at, version)"
            " SELECT 'c' || lpad(i::text, 4, '0'), $1, 'open-' || i, 'Channel ' || i, 'api',"
            " 'connected', $2, 1 FROM generate_series(0, $3 - 1) AS i",
            ORG,
            NOW,
            CHANNELS,
        )
    finally:
        await conn.close()
    pool = await open_pool(url)
    uow = PgUowFactory(pool, AesGcmCipher.from_config(f"k1:{AesGcmCipher.generate_key()}"))
    key, presented = ApiKey.issue(
        key_id="benchkey", organisation_id=ORG, name="bench", secret="s" * 43, now=NOW
    )
    post = video_post(
        post_id="probe-post",
        organisation_id=ORG,
        channel_id="c0001",
        media=VideoMedia(f"orgs/{ORG}/v.mp4"),
        caption="the probe #bench",
        settings=PostSettings(privacy_level=PrivacyLevel.SELF_ONLY),
    )
    post = post.approve(approved_by="bench", now=NOW).schedule(at=NOW + timedelta(days=3), now=NOW)
    async with uow() as u:
        await u.api_keys.add(key)
        await u.posts.add(post)
        await u.commit()
    await pool.close()
    return presented, post.id


async def grow(url: str, start: int, end: int, backlog: int = 0) -> None:
    import asyncpg

    conn = await asyncpg.connect(url)
    try:
        step = 200_000
        for first in range(start, end - backlog, step):
            await conn.execute(FILL, first, min(end - backlog, first + step), ORG, NOW)
        if backlog:
            await conn.execute(BACKLOG, backlog, ORG, BUSY, NOW)
        await conn.execute("VACUUM ANALYZE posts")
        await conn.execute("ANALYZE channel_due")
    finally:
        await conn.close()


METRICS_TOKEN = "scale-bench-metrics-token"


def serve(url: str, port: int, minimal: bool = False) -> subprocess.Popen[bytes]:
    env = dict(
        os.environ,
        DATABASE_URL=url,
        PYTHONPATH=str(ROOT),
        TIKTOK_CHANNEL_TOKEN_KEYS="k1:" + "A" * 43 + "=",
        TIKTOK_CHANNEL_METRICS_TOKEN=METRICS_TOKEN,
    )
    args = (
        [sys.executable, __file__, "--minimal-server", url, str(port)]
        if minimal
        else [
            sys.executable,
            "-m",
            "entrypoints.cli.main",
            "--log-level",
            "WARNING",
            "serve",
            "--port",
            str(port),
        ]
    )
    return subprocess.Popen(
        args, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )


def minimal_server(url: str, port: int) -> None:
    """The baseline: aiohttp, one asyncpg pool, one query per request, JSON out."""
    from aiohttp import web

    from adapters.postgres.mapping import EVENTS_SQL, POST_COLUMNS

    sql = f"SELECT {POST_COLUMNS}, {EVENTS_SQL} FROM posts WHERE id = $1"

    async def pool_ctx(app: web.Application) -> object:
        import asyncpg

        app["pool"] = await asyncpg.create_pool(url, min_size=1, max_size=10)
        yield
        await app["pool"].close()

    async def get(request: web.Request) -> web.Response:
        row = await request.app["pool"].fetchrow(sql, request.match_info["id"])
        if row is None:
            raise web.HTTPNotFound()
        return web.json_response(dict(row), dumps=lambda v: json.dumps(v, default=str))

    app = web.Application()
    app.cleanup_ctx.append(pool_ctx)
    app.router.add_get("/v1/posts/{id}", get)
    web.run_app(app, host="127.0.0.1", port=port, print=None, access_log=None)


async def wait_http(base: str, headers: dict[str, str], path: str) -> None:
    import aiohttp

    async with aiohttp.ClientSession(headers=headers) as session:
        for _ in range(600):
            try:
                async with session.get(base + path) as answer:
                    if answer.status == 200:
                        return
            except aiohttp.ClientError:
                pass
            await asyncio.sleep(0.1)
    raise RuntimeError(f"{base}{path} did not answer 200")


async def sequential_ms(base: str, path: str, headers: dict[str, str], n: int) -> float:
    """Median latency of n requests one after another (after 5 warm-ups)."""
    import aiohttp

    times = []
    async with aiohttp.ClientSession(headers=headers) as session:
        for i in range(n + 5):
            started = time.perf_counter()
            async with session.get(base + path) as answer:
                await answer.read()
                assert answer.status == 200, (path, answer.status)
            if i >= 5:
                times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000


async def load(
    base: str, path: str, headers: dict[str, str], seconds: float, concurrency: int = 10
) -> dict[str, float]:
    """requests/s and p99 over ``seconds`` with ``concurrency`` connections."""
    import aiohttp

    times: list[float] = []
    stop = time.perf_counter() + seconds + 1.0
    warm = time.perf_counter() + 1.0
    connector = aiohttp.TCPConnector(limit=concurrency)
    async with aiohttp.ClientSession(headers=headers, connector=connector) as session:

        async def one() -> None:
            while (now := time.perf_counter()) < stop:
                async with session.get(base + path) as answer:
                    await answer.read()
                    assert answer.status == 200, answer.status
                if now >= warm:
                    times.append(time.perf_counter() - now)

        await asyncio.gather(*(one() for _ in range(concurrency)))
    times.sort()
    return {
        "rps": round(len(times) / seconds, 1),
        "p50_ms": round(times[len(times) // 2] * 1000, 3),
        "p99_ms": round(times[int(len(times) * 0.99)] * 1000, 3),
    }


async def claims(url: str, samples: int, busy: bool) -> dict[str, float]:
    """Median of the adapter's claim_due (committed) beside SELECT 1; with ``busy``, one
    post of the backlog channel is being published by another worker."""
    from adapters.postgres.database import open_pool
    from adapters.postgres.unit_of_work import PgUowFactory
    from adapters.system.cipher import AesGcmCipher

    pool = await open_pool(url, min_size=1, max_size=1)
    uow = PgUowFactory(pool, AesGcmCipher.from_config(f"k1:{AesGcmCipher.generate_key()}"))
    marker = "busy-marker"
    async with pool.acquire() as conn:
        await conn.execute("DELETE FROM posts WHERE id = $1", marker)
        if busy:
            await conn.execute(
                "INSERT INTO posts (id, organisation_id, channel_id, kind, status, content,"
                " settings, created_at, lease_owner, lease_expires_at, version)"
                " VALUES ($1, $2, $3, 'video', 'publishing', '{}', '{}', $4, 'other', $5, 1)",
                marker,
                ORG,
                BUSY,
                NOW,
                NOW + timedelta(hours=1),
            )
    select1, statement, unit = [], [], []
    got = 0
    for _ in range(samples):
        async with pool.acquire() as conn:
            started = time.perf_counter()
            await conn.fetchval("SELECT 1")
            select1.append(time.perf_counter() - started)
        started = time.perf_counter()
        async with uow() as u:
            inner = time.perf_counter()
            ids = await u.posts.claim_due(
                now=NOW, worker_id="bench", lease_for=timedelta(minutes=5), limit=10
            )
            statement.append(time.perf_counter() - inner)
            await u.commit()
        unit.append(time.perf_counter() - started)
        got += len(ids)
        async with pool.acquire() as conn:  # hand the leases back: the same table each time
            await conn.execute(
                "UPDATE posts SET lease_owner = NULL, lease_expires_at = NULL"
                " WHERE id = ANY($1::text[])",
                list(ids),
            )
    async with pool.acquire() as conn:
        await conn.execute("DELETE FROM posts WHERE id = $1", marker)
    await pool.close()
    s1 = statistics.median(select1) * 1000
    st = statistics.median(statement) * 1000
    return {
        "claim_ms": round(st, 3),
        "claim_unit_of_work_ms": round(statistics.median(unit) * 1000, 3),
        "select1_ms": round(s1, 3),
        "ratio": round(st / s1, 2),
        "claimed_per_call": got / samples,
    }


async def measure_api(base: str, headers: dict[str, str], n: int) -> dict[str, float]:
    return {
        "list_ms": round(
            await sequential_ms(base, "/v1/posts?status=manual_pending&limit=50", headers, n), 3
        ),
        "metrics_ms": round(
            await sequential_ms(base, "/metrics", {"Authorization": f"Bearer {METRICS_TOKEN}"}, n),
            3,
        ),
    }


async def main_async(args: argparse.Namespace, url: str) -> dict[str, object]:
    presented, probe = await setup(url)
    headers = {"Authorization": f"Bearer {presented}"}
    await grow(url, 0, args.small)
    api_port, min_port = free_port(), free_port()
    api, minimal = serve(url, api_port), serve(url, min_port, minimal=True)
    api_base, min_base = f"http://127.0.0.1:{api_port}", f"http://127.0.0.1:{min_port}"
    try:
        await wait_http(api_base, headers, f"/v1/posts/{probe}")
        await wait_http(min_base, {}, f"/v1/posts/{probe}")
        small = await measure_api(api_base, headers, args.requests)
        small["load"] = uptime()
        print(f"at {args.small} posts: {small}", flush=True)
        ours = await load(api_base, f"/v1/posts/{probe}", headers, args.seconds)
        base = await load(min_base, f"/v1/posts/{probe}", {}, args.seconds)
        get = {"ours": ours, "minimal": base, "load": uptime()}
        print(f"GET /v1/posts/{{id}}: {get}", flush=True)
        await grow(url, args.small, args.posts, backlog=args.backlog)
        large = await measure_api(api_base, headers, args.requests)
        large["load"] = uptime()
        print(f"at {args.posts} posts: {large}", flush=True)
    finally:
        for process in (api, minimal):
            process.terminate()
            process.wait(timeout=30)
    busy = await claims(url, args.samples, busy=True)
    plain = await claims(url, args.samples, busy=False)
    print(f"claim busy {busy} plain {plain} (load {uptime()})", flush=True)
    return {
        "posts": args.posts,
        "small_posts": args.small,
        "channels": CHANNELS,
        "busy_backlog": args.backlog,
        "list_by_status_ms": {"small": small["list_ms"], "large": large["list_ms"]},
        "list_by_status_ratio": round(large["list_ms"] / small["list_ms"], 2),
        "metrics_ms": {"small": small["metrics_ms"], "large": large["metrics_ms"]},
        "metrics_ratio": round(large["metrics_ms"] / small["metrics_ms"], 2),
        "claim_busy_ms": busy["claim_ms"],
        "claim_busy_unit_of_work_ms": busy["claim_unit_of_work_ms"],
        "claim_plain_ms": plain["claim_ms"],
        "claim_plain_unit_of_work_ms": plain["claim_unit_of_work_ms"],
        "select1_ms": plain["select1_ms"],
        "claim_select1_ratio": plain["ratio"],
        "claimed_per_call": busy["claimed_per_call"],
        "api_get": get,
        "api_get_ratio": round(ours["rps"] / base["rps"], 2),
        "api_p99_ratio": round(ours["p99_ms"] / base["p99_ms"], 2),
        "load": uptime(),
        "targets": {
            "list_by_status_ratio_at_most": 1.5,
            "metrics_ratio_at_most": 1.5,
            "claim_busy_ms_at_most": 2.0,
            "claim_select1_ratio_at_most": 3.0,
            "api_get_ratio_at_least": 0.6,
            "api_p99_ratio_at_most": 2.0,
        },
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--posts", type=int, default=1_000_000)
    parser.add_argument("--small", type=int, default=10_000)
    parser.add_argument("--backlog", type=int, default=9_000, help="The busy channel's due posts.")
    parser.add_argument("--samples", type=int, default=300, help="Claims per case.")
    parser.add_argument("--requests", type=int, default=100, help="Sequential list/metrics.")
    parser.add_argument("--seconds", type=float, default=10.0, help="GET load per server.")
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL"))
    parser.add_argument("--keep", action="store_true", help="Keep the embedded database.")
    parser.add_argument("--minimal-server", nargs=2, metavar=("URL", "PORT"))
    args = parser.parse_args()
    if args.minimal_server:
        minimal_server(args.minimal_server[0], int(args.minimal_server[1]))
        return
    with bench_database(args.database_url, DB, keep=args.keep) as url:
        figures = asyncio.run(main_async(args, url))
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
