"""EXPLAIN (ANALYZE, BUFFERS) of every statement the hot paths run, as the adapter runs them.

The statements are captured from the Postgres adapter itself (a recording session under
the real repositories), on the database bench/scale.py filled: the claim, a list by
status, the count by state (/metrics), one post's get and an API key's lookup. Each runs
under EXPLAIN ANALYZE inside a transaction that is rolled back.

    .venv/bin/python bench/explain.py --database-url URL   (a database bench/scale.py filled)
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
from datetime import timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench._common import uptime
from bench.scale import NOW, ORG


async def captured(url: str) -> list[tuple[str, str, tuple[Any, ...]]]:
    from adapters.postgres.database import open_pool
    from adapters.postgres.repositories import PgApiKeyRepository, PgPostRepository
    from adapters.postgres.session import PgSession
    from application.ports import PostFilter
    from domain.post_state import PostStatus

    statements: list[tuple[str, str, tuple[Any, ...]]] = []
    path = ""

    class Recording(PgSession):
        async def fetch(self, sql: str, *args: Any) -> Any:
            statements.append((path, sql, args))
            return await super().fetch(sql, *args)

        async def fetchrow(self, sql: str, *args: Any) -> Any:
            statements.append((path, sql, args))
            return await super().fetchrow(sql, *args)

        async def fetchval(self, sql: str, *args: Any) -> Any:
            statements.append((path, sql, args))
            return await super().fetchval(sql, *args)

        async def execute(self, sql: str, *args: Any) -> Any:
            statements.append((path, sql, args))
            return await super().execute(sql, *args)

    pool = await open_pool(url)
    session = Recording(pool)
    posts, keys = PgPostRepository(session), PgApiKeyRepository(session)
    try:
        path = "claim (publisher)"
        await posts.claim_due(
            now=NOW, worker_id="explain", lease_for=timedelta(minutes=5), limit=10
        )
        await session.rollback()
        path = "list: GET /v1/posts?status=manual_pending"
        await posts.list(PostFilter(organisation_id=ORG, status=PostStatus.MANUAL_PENDING))
        path = "count: /metrics"
        await posts.count_by_status()
        await session.rollback()
        path = "get: GET /v1/posts/{id}"
        await posts.get("probe-post")
        path = "auth: API key (once a second per process)"
        await keys.find("benchkey")
    finally:
        await session.rollback()
        await session.release()
        await pool.close()
    return statements


async def explain(url: str) -> str:
    import asyncpg

    out = []
    conn = await asyncpg.connect(url)
    try:
        for path, sql, args in await captured(url):
            tx = conn.transaction()
            await tx.start()
            rows = await conn.fetch(f"EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) {sql}", *args)
            await tx.rollback()
            out.append(f"-- {path}\n-- {sql}\n" + "\n".join(r[0] for r in rows))
    finally:
        await conn.close()
    return "\n\n".join(out)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL"), required=False)
    args = parser.parse_args()
    if not args.database_url:
        raise SystemExit("give the database bench/scale.py filled (--database-url)")
    print(asyncio.run(explain(args.database_url)))
    print(f"-- load {uptime()}")


if __name__ == "__main__":
    main()
