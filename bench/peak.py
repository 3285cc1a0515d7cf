"""A peak minute: 10,000 connected channels, 1M posts of history, and 2,000 posts due in the
same minute across 2,000 channels, published by several worker processes.

Everything runs for real, as in bench/chaos.py: PostgreSQL (DATABASE_URL or the embedded
cluster), the sandbox in its own process (one creator per publishing channel, logged in
through its OAuth), a media links server, N `tiktok-channel worker publisher` processes,
one status worker and the API (TikTok's webhooks). History (the other 8,000 channels, the
1M posts) is generated with set-based SQL; the due posts go through the domain.

    .venv/bin/python bench/peak.py [--channels 10000] [--history 1000000] [--due 2000]
                                   [--publishers 3] [--database-url URL]

Figures: lateness = PostPublished time - the post's due time (p50/p99/max); HTTP 429s as
the sandbox counted them; the most posts any creator received against its daily cap;
publisher and status-worker CPU seconds (from /proc, counted from the start of the peak
minute, so process start-up is left out) per published post, and the posts a day one
worker core sustains at that cost. Targets: every post published, p99 lateness
<= 60 s, 0 HTTP 429s, no cap exceeded. The last line is one JSON object.
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
import urllib.request
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench._common import (
    ROOT,
    bench_database,
    free_port,
    process_cpu_s,
    uptime,
    wait_until_up,
    worker_env,
)
from bench.chaos import CLIENT_KEY, CLIENT_SECRET, sandbox, worker

DB = "tiktok_channel_peak"
ORG = "peak-org"
DAILY_CAP = 15
HISTORY = """
INSERT INTO posts (id, organisation_id, channel_id, kind, status, content, settings,
                   created_at, tiktok_post_ids, version)
SELECT 'h' || lpad(i::text, 8, '0'), $3, 'ch-' || lpad((i % $4)::text, 5, '0'), 'video',
       CASE WHEN i % 10 = 0 THEN 'draft' WHEN i % 25 = 1 THEN 'failed' ELSE 'published' END,
       '{"caption": "history"}'::jsonb, '{"privacy_level": "SELF_ONLY"}'::jsonb,
       $5::timestamptz - make_interval(secs => $2 - i), '{}', 1
FROM generate_series($1::int, $2::int - 1) AS i
"""


def post_json(url: str, body: dict[str, object]) -> None:
    request = urllib.request.Request(
        url,
        method="POST",
        data=json.dumps(body).encode(),
        headers={"Content-Type": "application/json"},
    )
    urllib.request.urlopen(request).read()


async def seed(
    url: str, base: str, keys: str, creators: list[str], args: argparse.Namespace
) -> datetime:
    """Channels (the publishing ones through the sandbox's OAuth, the rest copies of their
    sealed tokens), history, and one due post per publishing channel within one minute."""
    from adapters.postgres.database import open_pool
    from adapters.postgres.migrate import migrate
    from adapters.postgres.unit_of_work import PgUowFactory
    from adapters.system.cipher import AesGcmCipher
    from application.ports import TokenGrant
    from bench._common import login
    from domain.channel import Channel
    from domain.post_content import MediaKind, PostContent, PostSettings, PrivacyLevel, VideoMedia
    from domain.social_post import SocialPost

    pool = await open_pool(url)
    async with pool.acquire() as conn:
        await migrate(conn)
        await conn.execute("TRUNCATE post_events, posts, channels, organisations CASCADE")
        await conn.execute("TRUNCATE rate_calls")
    uow = PgUowFactory(pool, AesGcmCipher.from_config(keys))
    now = datetime.now(UTC)
    async with uow() as u:
        for n, username in enumerate(creators):
            post_json(f"{base}/_sandbox/session", {"username": username})
            body = login(base, CLIENT_KEY, CLIENT_SECRET)
            grant = TokenGrant(
                str(body["access_token"]),
                str(body["refresh_token"]),
                int(body["expires_in"]),
                int(body["refresh_expires_in"]),
                str(body["open_id"]),
                str(body["scope"]),
            )
            await u.channels.add(
                Channel.connect(
                    channel_id=f"ch-{n:05d}",
                    organisation_id=ORG,
                    open_id=grant.open_id,
                    display_name=username,
                    tokens=grant.token_set(now),
                    now=now,
                    username=username,
                )
            )
        await u.commit()
    print(f"{len(creators)} channels connected through the sandbox", flush=True)
    async with pool.acquire() as conn:
        await conn.execute(
            "INSERT INTO channels (id, organisation_id, open_id, display_name, username,"
            " publishing_mode, status, connected_at, scopes, token_key_id, access_token_ct,"
            " refresh_token_ct, access_expires_at, refresh_expires_at, version)"
            " SELECT 'ch-' || lpad(i::text, 5, '0'), organisation_id, 'idle-' || i,"
            " 'idle ' || i, 'idle_' || i, publishing_mode, status, connected_at, scopes,"
            " token_key_id, access_token_ct, refresh_token_ct, access_expires_at,"
            " refresh_expires_at, 1 FROM channels, generate_series($1::int, $2::int - 1) AS i"
            " WHERE id = 'ch-00000'",
            len(creators),
            args.channels,
        )
        step = 250_000
        for first in range(0, args.history, step):
            await conn.execute(
                HISTORY, first, min(args.history, first + step), ORG, args.channels, now
            )
        await conn.execute("VACUUM ANALYZE posts")
        await conn.execute("ANALYZE channels")
    print(f"{args.channels} channels, {args.history} posts of history", flush=True)
    # The peak minute starts once the workers have had time to start.
    minute = datetime.now(UTC) + timedelta(seconds=args.lead)
    async with uow() as u:
        for n in range(len(creators)):
            post = SocialPost.draft(
                post_id=f"due-{n:05d}",
                organisation_id=ORG,
                channel_id=f"ch-{n:05d}",
                kind=MediaKind.VIDEO,
                content=PostContent(caption=f"peak post {n:05d}"),
                settings=PostSettings(privacy_level=PrivacyLevel.SELF_ONLY),
                media=VideoMedia(f"orgs/{ORG}/v.mp4"),
                created_by="bench",
                now=now,
            )
            at = minute + timedelta(seconds=60 * n / len(creators))
            post = post.approve(approved_by="bench", now=now).schedule(at=at, now=now)
            await u.posts.add(post)
        await u.commit()
    await pool.close()
    return minute


async def outcome(url: str) -> list[dict[str, object]]:
    import asyncpg

    conn = await asyncpg.connect(url)
    try:
        rows = await conn.fetch(
            "SELECT p.id, p.status, p.tracking, p.scheduled_at,"
            " (SELECT min(occurred_at) FROM post_events e WHERE e.post_id = p.id"
            "  AND e.name = 'PublishingStarted') AS started,"
            " (SELECT min(occurred_at) FROM post_events e WHERE e.post_id = p.id"
            "  AND e.name = 'PostPublished') AS published"
            " FROM posts p WHERE p.id LIKE 'due-%'"
        )
    finally:
        await conn.close()
    return [dict(r) for r in rows]


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * share))]


async def main_async(args: argparse.Namespace, url: str) -> dict[str, object]:
    from aiohttp import web

    from adapters.media.sample_media import make_video
    from adapters.storage.local import LocalObjectStorage
    from adapters.system.cipher import AesGcmCipher
    from entrypoints.http.media import media_app

    (ROOT / ".data").mkdir(exist_ok=True)
    scratch = Path(tempfile.mkdtemp(prefix="bench-peak-", dir=ROOT / ".data"))
    creators = [f"peak_{n:05d}" for n in range(args.due)]
    creators_file = scratch / "creators.json"
    creators_file.write_text(
        json.dumps([{"username": u, "daily_post_cap": DAILY_CAP} for u in creators])
    )
    sandbox_port, media_port, api_port = free_port(), free_port(), free_port()
    sandbox_base = f"http://127.0.0.1:{sandbox_port}"
    box = sandbox(
        sandbox_port,
        creators_file,
        f"http://127.0.0.1:{api_port}/connect/webhook/tiktok",
        daily_post_cap=DAILY_CAP,
    )
    signing_key = "peak-media-key-" + os.urandom(8).hex()
    store = LocalObjectStorage(scratch / "objects", signing_key=signing_key.encode())
    make_video(scratch / "v.mp4", width=720, height=1280, seconds=1.2)
    await store.put_file(f"orgs/{ORG}/v.mp4", scratch / "v.mp4", "video/mp4")
    runner = web.AppRunner(media_app(store))
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", media_port).start()
    keys = f"k1:{AesGcmCipher.generate_key()}"
    processes = []
    try:
        wait_until_up(sandbox_base)
        minute = await seed(url, sandbox_base, keys, creators, args)
        env = worker_env(
            database_url=url,
            token_keys=keys,
            sandbox_base=sandbox_base,
            client=(CLIENT_KEY, CLIENT_SECRET),
            data_dir=scratch,
            media_port=media_port,
            signing_key=signing_key,
            TIKTOK_CHANNEL_IDLE_S="0.5",
            TIKTOK_CHANNEL_PUBLISH_BATCH=str(args.batch),
        )
        publishers = [worker("publisher", env, f"peak-pub-{i}") for i in range(args.publishers)]
        tracker = worker("status", env, "peak-status")
        api = worker("serve", env, "peak-api", serve_port=api_port)
        processes = [*publishers, tracker, api]
        started = time.monotonic()
        cpu: dict[int, float] = {}
        at_minute: dict[int, float] = {}  # start-up is not publishing: CPU from the minute on
        while time.monotonic() - started < args.timeout:
            await asyncio.sleep(0.5 if not at_minute else 2)
            for process in [*publishers, tracker, api, box]:
                if process.poll() is None:
                    cpu[process.pid] = process_cpu_s(process.pid)
            if not at_minute and datetime.now(UTC) >= minute:
                at_minute = dict(cpu)
                continue
            rows = await outcome(url)
            counts = collections.Counter(str(r["status"]) for r in rows)
            print(f"t={time.monotonic() - started:5.1f}s {dict(counts)}", flush=True)
            if counts.get("published", 0) + counts.get("failed", 0) >= args.due:
                break
        publisher_cpu = sum(cpu.get(p.pid, 0.0) - at_minute.get(p.pid, 0.0) for p in publishers)
        tracker_cpu = cpu.get(tracker.pid, 0.0) - at_minute.get(tracker.pid, 0.0)
        others_cpu = {
            name: round(cpu.get(p.pid, 0.0) - at_minute.get(p.pid, 0.0), 1)
            for name, p in (("api_webhooks", api), ("sandbox", box))
        }
        elapsed = time.monotonic() - started
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            process.wait(timeout=30)
        with urllib.request.urlopen(f"{sandbox_base}/_sandbox/") as answer:
            overview = json.loads(answer.read())
        with urllib.request.urlopen(f"{sandbox_base}/_sandbox/posts") as answer:
            on_tiktok = json.loads(answer.read())
        box.terminate()
        box.wait(timeout=30)
        await runner.cleanup()
        shutil.rmtree(scratch, ignore_errors=True)
    rows = await outcome(url)
    published = [r for r in rows if r["status"] == "published"]
    lateness = [
        (r["published"] - r["scheduled_at"]).total_seconds()  # type: ignore[operator]
        for r in published
        if r["published"] is not None
    ]
    start_lateness = [
        (r["started"] - r["scheduled_at"]).total_seconds()  # type: ignore[operator]
        for r in rows
        if r["started"] is not None
    ]
    per_creator = collections.Counter(p["username"] for p in on_tiktok)
    worker_cpu = publisher_cpu + tracker_cpu
    cpu_per_post = worker_cpu / len(published) if published else None
    return {
        "posts": args.history + args.due,
        "channels": args.channels,
        "due": args.due,
        "publishers": args.publishers,
        "published": len(published),
        "failed": sum(1 for r in rows if r["status"] == "failed"),
        "lateness_p50_s": round(statistics.median(lateness), 2) if lateness else None,
        "lateness_p99_s": round(percentile(lateness, 0.99), 2) if lateness else None,
        "lateness_max_s": round(max(lateness), 2) if lateness else None,
        "start_lateness_p99_s": round(percentile(start_lateness, 0.99), 2)
        if start_lateness
        else None,
        "http_429": overview["rate_limited"],
        "on_tiktok": len(on_tiktok),
        "most_posts_per_creator": max(per_creator.values(), default=0),
        "daily_cap": DAILY_CAP,
        "cap_exceeded": sum(1 for n in per_creator.values() if n > DAILY_CAP),
        "publisher_cpu_s": round(publisher_cpu, 1),
        "status_worker_cpu_s": round(tracker_cpu, 1),
        "cpu_s_per_post": round(cpu_per_post, 4) if cpu_per_post else None,
        "other_cpu_s": others_cpu,
        "elapsed_s": round(elapsed, 1),
        "posts_per_day_per_core": round(86400 / cpu_per_post) if cpu_per_post else None,
        "peak_minute_starts": minute.isoformat(),
        "load": uptime(),
        "targets": {"lateness_p99_s_at_most": 60, "http_429": 0, "cap_exceeded": 0},
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--channels", type=int, default=10_000)
    parser.add_argument("--history", type=int, default=1_000_000)
    parser.add_argument("--due", type=int, default=2_000, help="Due posts, one per channel.")
    parser.add_argument("--publishers", type=int, default=3)
    parser.add_argument("--batch", type=int, default=20, help="Posts per publisher pass.")
    parser.add_argument("--lead", type=float, default=15.0, help="Seconds to the peak minute.")
    parser.add_argument("--timeout", type=float, default=600)
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL"))
    args = parser.parse_args()
    with bench_database(args.database_url, DB) as url:
        figures = asyncio.run(main_async(args, url))
    print(json.dumps(figures, default=str))


if __name__ == "__main__":
    main()
