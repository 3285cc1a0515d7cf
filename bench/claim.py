"""Claiming due posts at scale: 1,000,000 posts over 1,000 channels, 1% due, and one busy
channel (another worker is publishing for it) holding 9,000 due posts, due first.

Each sample runs the adapter's real claim_due (one statement) for a batch of 10 in a unit
of work that commits; the leases are then handed back (not timed), as a publisher moving
the posts on would, so every sample sees the same table. Baseline in the same run: a bare
SELECT 1 round trip. Prints the EXPLAIN (ANALYZE) of the statement the adapter runs.

    .venv/bin/python bench/claim.py --posts 1000000 [--database-url URL]

Without --database-url (or DATABASE_URL) it uses the embedded PostgreSQL. Targets: median
claim <= 2 ms with the busy channel and <= 3x the SELECT 1 median in the plain case (no
busy channel). The last line is one JSON object.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench._common import bench_database, uptime
from bench.scale import NOW, claims, grow, setup

DB = "tiktok_channel_bench"


async def plan(url: str) -> str:
    import asyncpg

    from adapters.postgres.repositories import CLAIM_DUE

    conn = await asyncpg.connect(url)
    try:
        tx = conn.transaction()
        await tx.start()
        rows = await conn.fetch(
            f"EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) {CLAIM_DUE}",
            NOW,
            "bench",
            NOW + timedelta(minutes=5),
            10,
        )
        await tx.rollback()
    finally:
        await conn.close()
    return "\n".join(r[0] for r in rows)


async def run(url: str, posts: int, backlog: int, samples: int) -> dict[str, object]:
    await setup(url)
    await grow(url, 0, posts, backlog=backlog)
    busy = await claims(url, samples, busy=True)
    plain = await claims(url, samples, busy=False)
    print(await plan(url))
    return {
        "posts": posts,
        "busy_backlog": backlog,
        "samples": samples,
        "claim_busy_ms": busy["claim_ms"],
        "claim_busy_unit_of_work_ms": busy["claim_unit_of_work_ms"],
        "claim_plain_ms": plain["claim_ms"],
        "select1_ms": plain["select1_ms"],
        "claim_select1_ratio": plain["ratio"],
        "claimed_per_call": busy["claimed_per_call"],
        "load": uptime(),
        "targets": {"claim_busy_ms_at_most": 2.0, "claim_select1_ratio_at_most": 3.0},
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--posts", type=int, default=1_000_000)
    parser.add_argument("--backlog", type=int, default=9_000)
    parser.add_argument("--samples", type=int, default=300)
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL"))
    args = parser.parse_args()
    with bench_database(args.database_url, DB) as url:
        figures = asyncio.run(run(url, args.posts, args.backlog, args.samples))
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
