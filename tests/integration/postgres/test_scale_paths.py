"""The paths that must stay flat with millions of posts: counters kept by triggers, the
channel queue the claim walks, read-only units of work without a transaction, and an
API-key revocation reaching another process within a second."""

from __future__ import annotations

import asyncio
import os
import pathlib
import subprocess
import sys
import time
from datetime import timedelta

import asyncpg
import attrs
import pytest

from adapters.postgres import mapping
from adapters.postgres.session import plain_read
from adapters.postgres.unit_of_work import PgUowFactory
from adapters.system.cipher import AesGcmCipher
from adapters.system.clock import SystemClock
from application.errors import Unauthenticated
from application.use_cases.authenticate_api_key import AuthenticateApiKey
from application.verified_keys import VerifiedKeys
from domain.api_key import ApiKey
from domain.post_state import PostStatus as S
from tests.builders import T0, channel, post_in, video_post

ROOT = pathlib.Path(__file__).resolve().parents[3]


async def _add(factory: PgUowFactory, *posts: object) -> None:
    async with factory() as uow:
        for post in posts:
            await uow.posts.add(post)  # type: ignore[arg-type]
        await uow.commit()


async def test_counts_by_state_stay_right_through_changes_and_folds(
    pool: asyncpg.Pool, cipher: AesGcmCipher
) -> None:
    factory = PgUowFactory(pool, cipher)
    async with factory() as uow:
        await uow.channels.add(channel())
        await uow.commit()
    await _add(factory, *(video_post(f"d{i}") for i in range(150)))
    await _add(factory, *(post_in(S.SCHEDULED, post=video_post(f"s{i}")) for i in range(60)))
    # 60 drafts approved: two counter rows each, so the rows pile past the fold threshold.
    for i in range(60):
        async with factory() as uow:
            post = await uow.posts.get(f"d{i}")
            await uow.posts.save(post.approve(approved_by="me", now=T0))
            await uow.commit()
    await pool.execute("DELETE FROM posts WHERE id = ANY($1::text[])", ["s0", "s1", "d149"])
    expected = {S.DRAFT: 89, S.CLIENT_APPROVED: 60, S.SCHEDULED: 58}
    async with factory() as uow:
        assert await uow.posts.count_by_status() == expected
        await uow.commit()  # folds the rows
    assert await pool.fetchval("SELECT count(*) FROM post_status_counts") == 3
    async with factory() as uow:
        assert await uow.posts.count_by_status() == expected
    actual = await pool.fetch("SELECT status, count(*) AS n FROM posts GROUP BY status")
    assert {S(r["status"]): r["n"] for r in actual} == expected


async def test_a_busy_channel_waits_in_one_row_whatever_its_backlog(
    pool: asyncpg.Pool, cipher: AesGcmCipher
) -> None:
    factory = PgUowFactory(pool, cipher)
    async with factory() as uow:
        await uow.channels.add(channel(channel_id="busy", open_id="o-busy"))
        await uow.channels.add(channel(channel_id="calm", open_id="o-calm"))
        await uow.commit()
    due = post_in(S.SCHEDULED, post=video_post("x"))
    backlog = [
        attrs.evolve(
            due, id=f"b{i:02d}", channel_id="busy", next_attempt_at=T0 - timedelta(hours=1)
        )
        for i in range(30)
    ]
    calm = [attrs.evolve(due, id=f"c{i}", channel_id="calm", next_attempt_at=T0) for i in range(2)]
    await _add(factory, *backlog, *calm)
    async with factory() as uow:  # another worker is publishing for the busy channel
        publishing = attrs.evolve(backlog[0], id="pub", status=S.PUBLISHING)
        await uow.posts.add(publishing)
        await uow.commit()
    await pool.execute(
        "UPDATE posts SET lease_owner = 'other', lease_expires_at = $1 WHERE id = 'pub'",
        T0 + timedelta(hours=1),
    )
    async with factory() as uow:
        got = await uow.posts.claim_due(
            now=T0 + timedelta(seconds=1), worker_id="me", lease_for=timedelta(minutes=5), limit=10
        )
        await uow.commit()
    assert list(got) == ["c0", "c1"]


async def test_the_channel_queue_follows_posts_in_and_out_of_the_schedule(
    pool: asyncpg.Pool, cipher: AesGcmCipher
) -> None:
    factory = PgUowFactory(pool, cipher)
    async with factory() as uow:
        await uow.channels.add(channel())
        await uow.commit()
    first = post_in(S.SCHEDULED, post=video_post("p1"))
    later = attrs.evolve(first, id="p2", next_attempt_at=first.next_attempt_at + timedelta(hours=1))
    await _add(factory, first, later)

    async def next_at() -> object:
        return await pool.fetchval("SELECT next_at FROM channel_due WHERE channel_id = 'c1'")

    assert await next_at() == first.next_attempt_at
    async with factory() as uow:
        post = await uow.posts.get("p1")
        await uow.posts.save(post.unschedule(now=T0))
        await uow.commit()
    assert await next_at() == later.next_attempt_at
    await pool.execute("DELETE FROM posts WHERE id = 'p2'")
    assert await next_at() is None


async def _in_transaction(pool: asyncpg.Pool) -> int:
    return await pool.fetchval(  # type: ignore[no-any-return]
        "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
        " AND state LIKE 'idle in transaction%'"
    )


async def test_reads_run_without_a_transaction_until_the_first_write(
    pool: asyncpg.Pool, cipher: AesGcmCipher
) -> None:
    factory = PgUowFactory(pool, cipher)
    async with factory() as uow:
        await uow.channels.add(channel())
        await uow.commit()
    await _add(factory, video_post("p1"))
    async with factory() as uow:
        post = await uow.posts.get("p1")
        await uow.posts.list(mapping_filter())
        assert await _in_transaction(pool) == 0
        await uow.posts.save(post.approve(approved_by="me", now=T0))
        assert await _in_transaction(pool) == 1
    async with factory() as uow:  # not committed: rolled back
        assert (await uow.posts.get("p1")).status is S.DRAFT


def mapping_filter() -> object:
    from application.ports import PostFilter

    return PostFilter(organisation_id="org1", status=S.DRAFT)


@pytest.mark.parametrize(
    ("sql", "plain"),
    [
        ("SELECT 1", True),
        ("  select id FROM posts", True),
        ("SELECT id FROM channels WHERE id = $1 FOR UPDATE", False),
        ("SELECT id FROM posts FOR NO KEY UPDATE SKIP LOCKED", False),
        ("SELECT 1 FOR SHARE", False),
        ("WITH x AS (SELECT 1) SELECT * FROM x", False),
        ("INSERT INTO organisations (id) VALUES ($1)", False),
    ],
)
def test_only_plain_selects_skip_the_transaction(sql: str, plain: bool) -> None:
    assert plain_read(sql) is plain


def test_api_key_rows_map_by_name() -> None:
    assert mapping.API_KEY_COLUMNS.split(", ") == [f.name for f in attrs.fields(ApiKey)]


async def test_a_revocation_in_another_process_holds_within_a_second(
    pool: asyncpg.Pool, cipher: AesGcmCipher, pg_url: str, tmp_path: pathlib.Path
) -> None:
    factory = PgUowFactory(pool, cipher)
    key, presented = ApiKey.issue(
        key_id="k1", organisation_id="org1", name="", secret="s" * 40, now=SystemClock().now()
    )
    async with factory() as uow:
        await uow.api_keys.add(key)
        await uow.commit()
    authenticate = AuthenticateApiKey(factory, SystemClock(), VerifiedKeys())
    assert await authenticate(presented) == "org1"  # verified, and now held in this process
    env = dict(
        os.environ,
        DATABASE_URL=pg_url,
        PYTHONPATH=str(ROOT),
        TIKTOK_CHANNEL_DATA_DIR=str(tmp_path),  # never the working tree's ./.data
    )
    revoked = await asyncio.to_thread(
        subprocess.run,
        [sys.executable, "-m", "entrypoints.cli.main", "api-keys", "revoke", "--org", "org1", "k1"],
        env=env,
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert revoked.returncode == 0, revoked.stderr
    done = time.monotonic()
    while True:
        try:
            await authenticate(presented)
        except Unauthenticated:
            break
        await asyncio.sleep(0.02)
    assert time.monotonic() - done <= 1.0
