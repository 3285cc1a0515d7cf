"""Chaos: many posts, several publisher processes, one killed with SIGKILL every ~2 s.

Everything runs for real: the embedded PostgreSQL (or DATABASE_URL), the sandbox in its
own process, a media links server, and `tiktok-channel worker publisher` processes
(restarted after each kill) plus one status worker. At the end every post must be
published or failed with a reason, the sandbox must hold no duplicate, none lost.

    .venv/bin/python bench/chaos.py --posts 500 --publishers 3 --kill-every 2

The last line is one JSON object: posts, published, failed, duplicates, lost, unfinished.
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench._common import ROOT, free_port, wait_until_up, worker_env

CLIENT_KEY, CLIENT_SECRET = "chaos-client", "chaos-secret"
DB = "tiktok_channel_chaos"
FINAL = ("published", "failed", "manual_pending")


def sandbox(
    port: int, creators: Path, webhook_url: str, daily_post_cap: int = 100_000
) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "entrypoints.cli.main",
            "sandbox",
            "--port",
            str(port),
            "--auto-approve",
            "--client-key",
            CLIENT_KEY,
            "--client-secret",
            CLIENT_SECRET,
            "--processing-delay",
            "0.2",
            "--moderation-delay",
            "0",
            "--daily-post-cap",
            str(daily_post_cap),
            "--creators",
            str(creators),
            "--webhook-url",
            webhook_url,
        ],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def worker(
    kind: str, env: dict[str, str], name: str, serve_port: int | None = None
) -> subprocess.Popen[bytes]:
    """A worker process (or, with ``serve_port``, the API); its warnings go to
    CHAOS_LOG_DIR/<name>.log when that is set."""
    log_dir = os.environ.get("CHAOS_LOG_DIR")
    out = open(Path(log_dir) / f"{name}.log", "ab") if log_dir else subprocess.DEVNULL  # noqa: SIM115
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "entrypoints.cli.main",
            "--log-level",
            "INFO" if log_dir else "WARNING",
            *(
                ["serve", "--port", str(serve_port)]
                if serve_port
                else ["worker", kind, "--worker-id", name]
            ),
        ],
        cwd=ROOT,
        env=env,
        stdout=out,
        stderr=out,
    )


async def seed(url: str, base: str, keys: str, creators: list[str], posts: int) -> None:
    """Channels (through the real OAuth flow) and due posts, straight into the database."""
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
    uow = PgUowFactory(pool, AesGcmCipher.from_config(keys))
    from datetime import UTC, datetime

    now = datetime.now(UTC)
    async with uow() as u:
        for username in creators:
            request = urllib.request.Request(
                f"{base}/_sandbox/session",
                method="POST",
                data=json.dumps({"username": username}).encode(),
                headers={"Content-Type": "application/json"},
            )
            urllib.request.urlopen(request).read()
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
                    channel_id=f"ch-{username}",
                    organisation_id="chaos-org",
                    open_id=grant.open_id,
                    display_name=username,
                    tokens=grant.token_set(now),
                    now=now,
                    username=username,
                )
            )
        for i in range(posts):
            post = SocialPost.draft(
                post_id=f"post-{i:05d}",
                organisation_id="chaos-org",
                channel_id=f"ch-{creators[i % len(creators)]}",
                kind=MediaKind.VIDEO,
                content=PostContent(caption=f"chaos post {i:05d}"),
                settings=PostSettings(privacy_level=PrivacyLevel.SELF_ONLY),
                media=VideoMedia("orgs/chaos-org/v.mp4"),
                created_by="bench",
                now=now,
            )
            post = post.approve(approved_by="bench", now=now).publish_now(now=now)
            await u.posts.add(post)
        await u.commit()
    await pool.close()


def set_faults(base: str, faults: dict[str, object]) -> None:
    request = urllib.request.Request(
        f"{base}/_sandbox/faults",
        method="PUT",
        data=json.dumps(faults).encode(),
        headers={"Content-Type": "application/json"},
    )
    urllib.request.urlopen(request).read()


async def lease_owners(url: str) -> set[str]:
    """The workers holding a post's lease now: the ones in the middle of publishing."""
    import asyncpg

    conn = await asyncpg.connect(url)
    try:
        rows = await conn.fetch(
            "SELECT DISTINCT lease_owner FROM posts"
            " WHERE lease_owner IS NOT NULL AND lease_expires_at > now()"
        )
    finally:
        await conn.close()
    return {r["lease_owner"] for r in rows}


async def census(url: str, deadline_s: float = 7200) -> dict[str, int]:
    import asyncpg

    conn = await asyncpg.connect(url)
    try:
        rows = await conn.fetch("SELECT status, count(*) AS n FROM posts GROUP BY status")
        failed_without_reason = await conn.fetchval(
            "SELECT count(*) FROM posts WHERE status = 'failed' AND failure IS NULL"
        )
        unconfirmed = await conn.fetchval(
            "SELECT count(*) FROM posts WHERE status = 'publishing' AND tracking = 'unconfirmed'"
        )
        # In publishing, not flagged, and the attempt began longer ago than the deadline
        # (plus a minute of tracker slack): what the deadline exists to prevent.
        past_deadline = await conn.fetchval(
            "SELECT count(*) FROM posts p WHERE p.status = 'publishing'"
            " AND p.tracking IS DISTINCT FROM 'unconfirmed' AND (SELECT max(occurred_at)"
            " FROM post_events e WHERE e.post_id = p.id AND e.name = 'PublishingStarted')"
            " < now() - make_interval(secs => $1)",
            deadline_s + 60,
        )
    finally:
        await conn.close()
    counts = {r["status"]: r["n"] for r in rows}
    counts["failed_without_reason"] = failed_without_reason
    counts["unconfirmed"] = unconfirmed
    counts["past_deadline"] = past_deadline
    return counts


async def explain_duplicates(
    url: str, captions: list[str], on_tiktok: list[Any], publications: list[Any]
) -> None:
    """Print the post's history and TikTok's records for every caption posted twice."""
    import asyncpg

    conn = await asyncpg.connect(url)
    try:
        for caption in captions:
            print(f"DUPLICATE {caption!r}", flush=True)
            rows = await conn.fetch(
                "SELECT e.seq, e.name, e.occurred_at, e.payload::text AS data FROM post_events e"
                " JOIN posts p ON p.id = e.post_id WHERE p.content->>'caption' = $1"
                " ORDER BY e.seq",
                caption,
            )
            for r in rows:
                print(f"  event {r['seq']} {r['occurred_at']} {r['name']} {r['data'][:300]}")
    finally:
        await conn.close()
    for record in [*on_tiktok, *publications]:
        if record.get("caption") in captions:
            print(f"  tiktok {json.dumps(record, default=str)[:400]}", flush=True)


async def post_states(url: str) -> dict[str, tuple[str, str | None, str]]:
    """Every post: (status, tracking, caption)."""
    import asyncpg

    conn = await asyncpg.connect(url)
    try:
        rows = await conn.fetch("SELECT id, status, tracking, content->>'caption' AS c FROM posts")
    finally:
        await conn.close()
    return {r["id"]: (r["status"], r["tracking"], r["c"]) for r in rows}


def lost_posts(
    created: list[str],
    states: dict[str, tuple[str, str | None, str]],
    on_tiktok: list[dict[str, object]],
) -> dict[str, int]:
    """A post the bench created is lost if it is missing, not in a final state (published,
    failed, manual, or in publishing flagged for a person as unconfirmed), or on TikTok
    (the sandbox's record, by caption) while the post does not say published."""
    missing = [p for p in created if p not in states]
    not_final = [
        p
        for p in created
        if p in states
        and states[p][0] not in FINAL
        and not (states[p][0] == "publishing" and states[p][1] == "unconfirmed")
    ]
    published_captions = {c for s, _, c in states.values() if s == "published"}
    ours = {c for _, _, c in states.values()}
    unknown = [
        p["caption"]
        for p in on_tiktok
        if p["caption"] in ours and p["caption"] not in published_captions
    ]
    return {"missing": len(missing), "not_final": len(not_final), "unknown_to_post": len(unknown)}


async def main_async(args: argparse.Namespace) -> dict[str, object]:
    from aiohttp import web

    from adapters.media.sample_media import make_video
    from adapters.postgres.database import ensure_database
    from adapters.postgres.embedded import EmbeddedPostgres
    from adapters.storage.local import LocalObjectStorage
    from adapters.system.cipher import AesGcmCipher
    from entrypoints.http.media import media_app

    data = Path(getattr(args, "data_dir", None) or ROOT / ".data")  # tests: a temporary one
    data.mkdir(exist_ok=True)
    scratch = Path(tempfile.mkdtemp(prefix="bench-chaos-", dir=data))
    url = args.database_url
    server = None
    if not url:
        server = EmbeddedPostgres(data / "postgres")
        server.start()
        await ensure_database(server.admin_url, DB)
        url = server.url.replace("/tiktok_channel?", f"/{DB}?")
    creators = [f"chaos_{n:03d}" for n in range(args.creators)]
    creators_file = scratch / "creators.json"
    creators_file.write_text(json.dumps([{"username": u} for u in creators]))
    sandbox_port, media_port, api_port = free_port(), free_port(), free_port()
    sandbox_base = f"http://127.0.0.1:{sandbox_port}"
    box = sandbox(
        sandbox_port, creators_file, f"http://127.0.0.1:{api_port}/connect/webhook/tiktok"
    )
    signing_key = "chaos-media-signing-key"
    store = LocalObjectStorage(scratch / "objects", signing_key=signing_key.encode())
    make_video(scratch / "v.mp4", width=720, height=1280, seconds=1.2)
    await store.put_file("orgs/chaos-org/v.mp4", scratch / "v.mp4", "video/mp4")
    runner = web.AppRunner(media_app(store))
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", media_port).start()
    keys = f"k1:{AesGcmCipher.generate_key()}"
    wait_until_up(sandbox_base)
    await seed(url, sandbox_base, keys, creators, args.posts)
    if getattr(args, "latency_ms", 0):  # every TikTok call slower: leases held longer
        set_faults(sandbox_base, {"latency_ms": args.latency_ms})
    if getattr(args, "faults", False):
        # A few statuses stick for good (those posts never reach TikTok's profile), and a
        # few inits act but lose their answer.
        faults = {
            "error_rate": 0.1,
            "timeout_rate": 0.05,
            "hang_seconds": 3,
            "burst_429": 20,
            "upload_url_lifetime_s": 5,
            "stick_next_statuses": args.stuck,
            "lose_next_init_answers": 5,
        }
        set_faults(sandbox_base, faults)
    env = worker_env(
        database_url=url,
        token_keys=keys,
        sandbox_base=sandbox_base,
        client=(CLIENT_KEY, CLIENT_SECRET),
        data_dir=scratch,
        media_port=media_port,
        signing_key=signing_key,
        TIKTOK_CHANNEL_LEASE_SECONDS=str(args.lease),
        TIKTOK_CHANNEL_IDLE_S="0.3",
        TIKTOK_REQUEST_TIMEOUT_S="1.5",
        TIKTOK_CHANNEL_STATUS_DEADLINE_S=str(args.deadline),
        TIKTOK_CHANNEL_PUBLISH_BATCH=str(getattr(args, "batch", 10)),
    )
    names = [f"pub-{i}" for i in range(args.publishers)]
    publishers = [worker("publisher", env, name) for name in names]
    born = [time.monotonic()] * len(names)
    tracker = worker("status", env, "status-1")
    # The HTTP side receives TikTok's webhooks: completion arrives without polling.
    api = worker("serve", env, "api", serve_port=api_port)
    kills, started = 0, time.monotonic()
    dice = random.Random(7)
    try:
        while time.monotonic() - started < args.timeout:
            await asyncio.sleep(args.kill_every)
            counts = await census(url)
            settled = (
                counts.get("published", 0)
                + counts.get("failed", 0)
                + counts.get("manual_pending", 0)
                + counts["unconfirmed"]
            )
            print(f"t={time.monotonic() - started:5.1f}s {counts}", flush=True)
            if settled >= args.posts:
                break
            if not getattr(args, "kill", True) or kills >= getattr(args, "max_kills", 10**9):
                continue
            # Only a publisher holding a lease is killed: mid-work, never while it is still
            # starting up (on a loaded machine start-up alone can outlast the interval).
            # A restarted one also gets a few intervals first, so some work gets done.
            working, now = await lease_owners(url), time.monotonic()
            candidates = [
                i
                for i, name in enumerate(names)
                if name in working and now - born[i] >= getattr(args, "settle", 3) * args.kill_every
            ]
            if not candidates:
                continue
            victim = dice.choice(candidates)
            publishers[victim].send_signal(signal.SIGKILL)
            publishers[victim].wait()
            kills += 1
            names[victim] = f"pub-{victim}-r{kills}"
            publishers[victim] = worker("publisher", env, names[victim])
            born[victim] = time.monotonic()
        elapsed = time.monotonic() - started
    finally:
        for process in [*publishers, tracker, api]:
            process.terminate()
        for process in [*publishers, tracker, api]:
            process.wait(timeout=30)
        counts = await census(url, args.deadline)
        posts_now = await post_states(url)
        with urllib.request.urlopen(f"{sandbox_base}/_sandbox/posts") as answer:
            on_tiktok = json.loads(answer.read())
        with urllib.request.urlopen(f"{sandbox_base}/_sandbox/publications") as answer:
            publications = json.loads(answer.read())
        twice = [
            c for c, n in collections.Counter(p["caption"] for p in on_tiktok).items() if n > 1
        ]
        if twice:  # what happened to each, for whoever reads the run
            await explain_duplicates(url, twice, on_tiktok, publications)
        with urllib.request.urlopen(f"{sandbox_base}/_sandbox/") as answer:
            overview = json.loads(answer.read())
            rate_limited = overview["rate_limited"]
        box.terminate()
        await runner.cleanup()
        if server is not None and server.started_here:
            server.stop()
        shutil.rmtree(scratch, ignore_errors=True)
    per_caption = collections.Counter(p["caption"] for p in on_tiktok)
    duplicates = sum(n - 1 for n in per_caption.values() if n > 1)
    published = counts.get("published", 0)
    failed = counts.get("failed", 0)
    unconfirmed = counts["unconfirmed"]
    unfinished = args.posts - published - failed - counts.get("manual_pending", 0) - unconfirmed
    lost = lost_posts([f"post-{i:05d}" for i in range(args.posts)], posts_now, on_tiktok)
    return {
        "posts": args.posts,
        "published": published,
        "failed": failed,
        "failed_without_reason": counts["failed_without_reason"],
        "duplicates": duplicates,
        "lost": sum(lost.values()),
        "lost_by_kind": lost,
        "unfinished": unfinished,
        "unconfirmed": unconfirmed,
        "past_deadline": counts["past_deadline"],
        "stuck": getattr(args, "stuck", 0) if getattr(args, "faults", False) else 0,
        "on_tiktok": len(on_tiktok),
        "kills": kills,
        "publishers": args.publishers,
        "elapsed_s": round(elapsed, 1),
        "http_429s": rate_limited,
        "http_429s_by_endpoint": overview["rate_limited_by_endpoint"],
        "init_spans_s": init_spans(publications),
    }


def init_spans(publications: list[dict[str, str]]) -> dict[str, float]:
    """Per token: seconds from its first accepted init to its last."""
    from datetime import datetime

    times: dict[str, list[datetime]] = collections.defaultdict(list)
    for pub in publications:
        times[pub["open_id"]].append(datetime.fromisoformat(pub["created_at"]))
    return {who: round((max(t) - min(t)).total_seconds(), 3) for who, t in times.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--posts", type=int, default=500)
    parser.add_argument("--creators", type=int, default=100)
    parser.add_argument("--publishers", type=int, default=3)
    parser.add_argument("--kill-every", type=float, default=2.0)
    parser.add_argument("--lease", type=int, default=4, help="Lease seconds (short: chaos).")
    parser.add_argument(
        "--max-kills", type=int, default=10**9, help="Stop killing after this many (settle)."
    )
    parser.add_argument(
        "--settle", type=int, default=3, help="Kill intervals a (re)started publisher gets first."
    )
    parser.add_argument(
        "--latency-ms", type=int, default=0, help="Added to every call at the sandbox."
    )
    parser.add_argument("--timeout", type=float, default=600)
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL"))
    parser.add_argument(
        "--faults",
        action="store_true",
        help="Also inject 10%% 5xx, 5%% timeouts, 429 bursts, early-"
        "expiring upload URLs, lost init answers and stuck statuses.",
    )
    parser.add_argument(
        "--stuck",
        type=int,
        default=3,
        help="With --faults: this many publications never leave processing.",
    )
    parser.add_argument(
        "--deadline",
        type=float,
        default=20.0,
        help="Status deadline in seconds (short: stuck posts get flagged).",
    )
    args = parser.parse_args()
    print(json.dumps(asyncio.run(main_async(args))))


if __name__ == "__main__":
    main()
