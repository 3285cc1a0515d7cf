"""Claiming due posts at scale: a batch of 10 from 1,000,000 posts of which 1% are due.

Each claim runs the adapter's real claim_due (two UPDATE ... FOR UPDATE SKIP LOCKED
statements) in a transaction that is rolled back, so every sample sees the same table.
Baseline in the same run: a bare SELECT 1 round trip. Prints the EXPLAIN plan.

    .venv/bin/python bench/claim.py --posts 1000000 [--database-url URL] [--fresh]

Without --database-url (or DATABASE_URL) it uses the embedded PostgreSQL. Targets: median
claim <= 5 ms and <= 3x the SELECT 1 median. The last line is one JSON object.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import asyncpg

from adapters.postgres.database import drop_database, ensure_database
from adapters.postgres.embedded import EmbeddedPostgres
from adapters.postgres.migrate import migrate
from adapters.postgres.repositories import PgPostRepository

NOW = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)
DB = "tiktok_channel_bench"
FRESH = False


async def fill(conn: asyncpg.Connection, posts: int, due_share: float) -> None:
    await conn.execute("INSERT INTO organisations (id) VALUES ('org') ON CONFLICT DO NOTHING")
    await conn.execute(
        "INSERT INTO channels (id, organisation_id, open_id, display_name, publishing_mode,"
        " status, connected_at, version) VALUES ('c', 'org', 'o', 'C', 'api', 'connected',"
        " now(), 1) ON CONFLICT DO NOTHING"
    )
    statuses = ["published", "draft", "failed", "client_approved", "scheduled"]
    due_every = round(1 / due_share)
    content = json.dumps({"caption": "bench #post", "title": "", "description": ""})
    settings = json.dumps({"privacy_level": "SELF_ONLY"})

    def row(i: int) -> tuple[object, ...]:
        due = i % due_every == 0
        status = "scheduled" if due else statuses[i % 4]
        if not due and i % 10 == 4:
            status = "scheduled"  # scheduled, but for later: in the index, not due
        at = (
            NOW - timedelta(minutes=i % 60)
            if due
            else (NOW + timedelta(days=1 + i % 30) if status == "scheduled" else None)
        )
        return (f"p{i:08d}", "org", "c", "video", status, content, settings, None, NOW, at, 1)

    batch = 50_000
    for start in range(0, posts, batch):
        await conn.copy_records_to_table(
            "posts",
            records=[row(i) for i in range(start, min(posts, start + batch))],
            columns=[
                "id",
                "organisation_id",
                "channel_id",
                "kind",
                "status",
                "content",
                "settings",
                "media",
                "created_at",
                "next_attempt_at",
                "version",
            ],
        )
    await conn.execute("ANALYZE posts")


async def run(url: str, posts: int, samples: int) -> dict[str, object]:
    conn = await asyncpg.connect(url)
    try:
        await migrate(conn)
        if FRESH or await conn.fetchval("SELECT count(*) FROM posts") != posts:
            await conn.execute("TRUNCATE posts CASCADE")
            await fill(conn, posts, 0.01)
        repo = PgPostRepository(conn)
        select1, claim = [], []
        for _ in range(samples):
            started = time.perf_counter()
            await conn.fetchval("SELECT 1")
            select1.append(time.perf_counter() - started)
            tx = conn.transaction()
            await tx.start()
            started = time.perf_counter()
            got = await repo.claim_due(
                now=NOW, worker_id="bench", lease_for=timedelta(minutes=5), limit=10
            )
            claim.append(time.perf_counter() - started)
            await tx.rollback()
            assert len(got) == 10
        plan = await conn.fetch(
            "EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF) SELECT id FROM posts"
            " WHERE status = 'scheduled' AND next_attempt_at <= $1"
            " AND (lease_expires_at IS NULL OR lease_expires_at <= $1)"
            " ORDER BY next_attempt_at LIMIT 10 FOR UPDATE SKIP LOCKED",
            NOW,
        )
        due = await conn.fetchval(
            "SELECT count(*) FROM posts WHERE status = 'scheduled' AND next_attempt_at <= $1", NOW
        )
    finally:
        await conn.close()
    claim_ms, select1_ms = statistics.median(claim) * 1000, statistics.median(select1) * 1000
    plan_text = "\n".join(r[0] for r in plan)
    print(plan_text)
    return {
        "posts": posts,
        "due": due,
        "samples": samples,
        "claim_ms_median": round(claim_ms, 3),
        "select1_ms_median": round(select1_ms, 3),
        "claim_vs_select1": round(claim_ms / select1_ms, 2),
        "uses_index": "posts_due_idx" in plan_text,
        "targets": {"claim_ms_median_at_most": 5.0, "claim_vs_select1_at_most": 3.0},
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--posts", type=int, default=1_000_000)
    parser.add_argument("--samples", type=int, default=200)
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL"))
    parser.add_argument("--fresh", action="store_true", help="Refill the table.")
    args = parser.parse_args()
    global FRESH
    FRESH = args.fresh
    server = None
    url = args.database_url
    if not url:
        server = EmbeddedPostgres(Path(__file__).resolve().parents[1] / ".data" / "postgres")
        server.start()
        asyncio.run(ensure_database(server.admin_url, DB))
        url = server.url.replace("/tiktok_channel?", f"/{DB}?")
    try:
        figures = asyncio.run(run(url, args.posts, args.samples))
    finally:
        if server is not None:
            asyncio.run(drop_database(server.admin_url, DB))
            if server.started_here:
                server.stop()
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
