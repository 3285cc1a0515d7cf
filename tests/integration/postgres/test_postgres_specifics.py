"""What only the Postgres adapter must prove: migrations, mapping, ciphertext, rotation,
contention, wake-ups, reconnects and errors."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import asyncpg
import pytest

from adapters.memory.clock import FakeClock
from adapters.memory.notifier import RecordingNotifier
from adapters.memory.tiktok import FakeTikTokApi
from adapters.postgres import mapping
from adapters.postgres.database import open_pool
from adapters.postgres.due_listener import PgDueListener
from adapters.postgres.embedded import EmbeddedPostgres
from adapters.postgres.key_rotation import count_by_key, keys_that_do_not_open, rotate_keys
from adapters.postgres.migrate import available, migrate, pending
from adapters.postgres.unit_of_work import PgUowFactory
from adapters.system.cipher import AesGcmCipher
from application.errors import UpstreamUnavailable
from application.use_cases.refresh_channel_token import RefreshChannelToken
from domain.post_state import PostStatus
from tests.builders import LATER, T0, channel, post_in, video_post


async def test_migrations_apply_to_an_empty_database(pool: asyncpg.Pool, pg_url: str) -> None:
    async with pool.acquire() as conn:
        assert await pending(conn) == []
        assert await migrate(conn) == []  # idempotent
        versions = [
            r["version"]
            for r in await conn.fetch("SELECT version FROM schema_migrations ORDER BY version")
        ]
    assert versions == [v for v, _ in available()]


async def test_the_python_mapping_matches_the_schema(pool: asyncpg.Pool) -> None:
    async def columns(table: str) -> set[str]:
        rows = await pool.fetch(
            "SELECT column_name FROM information_schema.columns WHERE table_name = $1", table
        )
        return {r["column_name"] for r in rows}

    post_columns = {c.strip() for c in mapping.POST_COLUMNS.split(",")}
    assert post_columns <= await columns("posts")
    assert await columns("posts") - post_columns == {"lease_owner", "lease_expires_at"}
    channel_columns = {c.strip() for c in mapping.CHANNEL_COLUMNS.split(",")}
    assert channel_columns == await columns("channels")


async def test_tokens_are_stored_as_ciphertext(pool: asyncpg.Pool, cipher: AesGcmCipher) -> None:
    factory = PgUowFactory(pool, cipher)
    async with factory() as uow:
        await uow.channels.add(channel())
        await uow.commit()
    row = await pool.fetchrow("SELECT * FROM channels")
    raw = b"".join(bytes(v) for v in row.values() if isinstance(v, bytes | memoryview))
    text = " ".join(str(v) for v in row.values())
    assert b"act.1" not in raw and b"rft.1" not in raw
    assert "act.1" not in text and "rft.1" not in text
    assert row["token_key_id"] == "k1"


async def test_rotation_re_encrypts_and_old_keys_read_until_then(pool: asyncpg.Pool) -> None:
    old_key, new_key = AesGcmCipher.generate_key(), AesGcmCipher.generate_key()
    old = AesGcmCipher.from_config(f"k1:{old_key}")
    async with PgUowFactory(pool, old)() as uow:
        for n in range(3):
            await uow.channels.add(channel(f"c{n}", open_id=f"o{n}"))
        await uow.commit()
    both = AesGcmCipher.from_config(f"k2:{new_key},k1:{old_key}")
    async with PgUowFactory(pool, both)() as uow:  # still readable before rotation
        assert (await uow.channels.get("c0")).access_token().reveal() == "act.1"
    assert await count_by_key(pool) == {"k1": 3}
    assert await rotate_keys(pool, both, "k2") == 3
    assert await count_by_key(pool) == {"k2": 3}
    new_only = AesGcmCipher.from_config(f"k2:{new_key}")
    async with PgUowFactory(pool, new_only)() as uow:
        assert (await uow.channels.get("c2")).tokens.refresh_token.reveal() == "rft.1"  # type: ignore[union-attr]
    assert await rotate_keys(pool, both, "k2") == 0


async def test_a_reused_key_id_is_found_before_rotating(pool: asyncpg.Pool) -> None:
    old = AesGcmCipher.from_config(f"k1:{AesGcmCipher.generate_key()}")
    async with PgUowFactory(pool, old)() as uow:
        await uow.channels.add(channel("c0", open_id="o0"))
        await uow.commit()
    reused = AesGcmCipher.from_config(f"k1:{AesGcmCipher.generate_key()}")  # same id, new key
    assert await keys_that_do_not_open(pool, reused) == ["k1 (channels)"]
    assert await keys_that_do_not_open(pool, old) == []


async def test_fifty_concurrent_refreshes_make_one_refresh_call(
    pool: asyncpg.Pool, cipher: AesGcmCipher
) -> None:
    tiktok = FakeTikTokApi(latency_s=0.01)  # others pile up behind the lock meanwhile
    tiktok.add_account("open-1")
    grant = await tiktok.exchange_code(code=tiktok.issue_code("open-1"), redirect_uri="x")
    clock = FakeClock(T0)
    factory = PgUowFactory(pool, cipher)
    async with factory() as uow:
        await uow.channels.add(
            channel(open_id="open-1").rotate_tokens(tokens=grant.token_set(T0), now=T0)
        )
        await uow.commit()
    clock.advance(timedelta(hours=23, minutes=55))
    refresh = RefreshChannelToken(factory, tiktok, clock, RecordingNotifier())
    outcomes = await asyncio.gather(*(refresh(channel_id="c1") for _ in range(50)))
    assert tiktok.calls["refresh"] == 1 and sum(o.refreshed for o in outcomes) == 1
    async with factory() as uow:
        stored = await uow.channels.get("c1")
    assert stored.tokens is not None
    assert stored.tokens.refresh_token.reveal() in tiktok.refresh_tokens  # the newest one


async def test_many_workers_never_share_a_post(pool: asyncpg.Pool, cipher: AesGcmCipher) -> None:
    factory = PgUowFactory(pool, cipher)
    async with factory() as uow:
        await uow.channels.add(channel())
        for i in range(120):
            await uow.posts.add(post_in(PostStatus.SCHEDULED, post=video_post(f"p{i:03d}")))
        await uow.commit()

    async def worker(name: str) -> list[str]:
        mine: list[str] = []
        while True:
            async with factory() as uow:
                got = await uow.posts.claim_due(
                    now=LATER, worker_id=name, lease_for=timedelta(minutes=5), limit=5
                )
                await uow.commit()
            if not got:
                return mine
            mine += list(got)

    results = await asyncio.gather(*(worker(f"w{i}") for i in range(8)))
    claimed = [pid for ids in results for pid in ids]
    assert len(claimed) == len(set(claimed)) == 120
    assert sum(1 for ids in results if ids) > 1  # the work really was shared


async def test_an_idle_worker_wakes_when_a_post_becomes_due(
    pool: asyncpg.Pool, cipher: AesGcmCipher, pg_url: str
) -> None:
    listener = PgDueListener(pg_url)
    await listener.start()
    try:
        assert await listener.wait(0.05) is False
        factory = PgUowFactory(pool, cipher)
        async with factory() as uow:
            await uow.channels.add(channel())
            await uow.posts.add(video_post())
            await uow.commit()
        assert await listener.wait(0.05) is False  # a draft is not due
        waiting = asyncio.create_task(listener.wait(5))
        await asyncio.sleep(0.05)
        async with factory() as uow:
            await uow.posts.add(post_in(PostStatus.SCHEDULED, post=video_post("p2")))
            await uow.commit()
        assert await waiting is True
    finally:
        await listener.close()


async def test_an_unreachable_server_is_named_without_its_password() -> None:
    url = "postgresql://app:s3cret-pw@127.0.0.1:1/tiktok"
    with pytest.raises(UpstreamUnavailable) as caught:
        await open_pool(url)
    assert "127.0.0.1:1" in str(caught.value) and "s3cret-pw" not in str(caught.value)
    assert "app:***@" in str(caught.value)


async def test_the_pool_reconnects_after_a_server_restart(
    pg_server: tuple[str, EmbeddedPostgres | None], pool: asyncpg.Pool, cipher: AesGcmCipher
) -> None:
    _, server = pg_server
    if server is None:
        pytest.skip("restarting needs the embedded server")
    factory = PgUowFactory(pool, cipher)
    async with factory() as uow:
        await uow.channels.add(channel())
        await uow.commit()
    await asyncio.to_thread(server.restart)
    async with factory() as uow:
        assert (await uow.channels.get("c1")).id == "c1"
