"""API keys and idempotency keys at the application level."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest

from application.errors import Unauthenticated
from application.use_cases.run_idempotent import KeyReused, StillRunning
from tests.unit.application.world import World


async def test_a_key_authenticates_its_organisation_and_stops_when_revoked() -> None:
    world = World.build()
    issued = await world.c.issue_api_key()(organisation_id="org-a", name="ci")
    token = issued.token.reveal()
    assert token not in repr(issued) and token.startswith(f"tck_{issued.key.id}_")
    authenticate = world.c.authenticate_api_key()
    assert await authenticate(token) == "org-a"
    for bad in (
        "",
        "tck_",
        "tck_x",
        f"{token}x",
        token.replace("tck_", "tk_"),
        f"tck_{issued.key.id}_other",
    ):
        with pytest.raises(Unauthenticated):
            await authenticate(bad)
    await world.c.revoke_api_key()(organisation_id="org-a", key_id=issued.key.id)
    with pytest.raises(Unauthenticated):
        await authenticate(token)


async def test_last_used_is_written_at_most_hourly() -> None:
    world = World.build()
    issued = await world.c.issue_api_key()(organisation_id="org-a")
    authenticate = world.c.authenticate_api_key()
    await authenticate(issued.token.reveal())
    first = world.store.api_keys[issued.key.id].last_used_at
    world.clock.advance(timedelta(minutes=10))
    await authenticate(issued.token.reveal())
    assert world.store.api_keys[issued.key.id].last_used_at == first
    world.clock.advance(timedelta(hours=1))
    await authenticate(issued.token.reveal())
    assert world.store.api_keys[issued.key.id].last_used_at == world.clock.now()


async def test_a_repeat_gets_the_first_answer_and_a_failure_frees_the_key() -> None:
    world = World.build()
    run = world.c.run_idempotent()
    effects: list[int] = []

    async def op() -> tuple[int, str]:
        effects.append(1)
        return 201, f'{{"n": {len(effects)}}}'

    first = await run(organisation_id="o", key="k", fingerprint="f", operation=op)
    again = await run(organisation_id="o", key="k", fingerprint="f", operation=op)
    assert first == ((201, '{"n": 1}'), False) and again == ((201, '{"n": 1}'), True)
    assert len(effects) == 1
    with pytest.raises(KeyReused):
        await run(organisation_id="o", key="k", fingerprint="other", operation=op)

    async def boom() -> tuple[int, str]:
        raise RuntimeError("lost")

    with pytest.raises(RuntimeError):
        await run(organisation_id="o", key="k2", fingerprint="f", operation=boom)
    retried = await run(organisation_id="o", key="k2", fingerprint="f", operation=op)
    assert retried == ((201, '{"n": 2}'), False)


async def test_a_concurrent_repeat_is_told_the_first_is_still_running() -> None:
    world = World.build()
    run = world.c.run_idempotent()
    gate = asyncio.Event()

    async def slow() -> tuple[int, str]:
        await gate.wait()
        return 200, "{}"

    first = asyncio.create_task(run(organisation_id="o", key="k", fingerprint="f", operation=slow))
    await asyncio.sleep(0)
    with pytest.raises(StillRunning):
        await run(organisation_id="o", key="k", fingerprint="f", operation=slow)
    gate.set()
    assert (await first)[0] == (200, "{}")


async def test_a_verified_key_is_held_a_second_and_a_revocation_elsewhere_lands_by_then() -> None:
    """Two processes share one database: each holds what it verified for under a second;
    the revoking process forgets at once, the other by the end of that second."""
    from application.use_cases.authenticate_api_key import AuthenticateApiKey
    from application.verified_keys import REVOCATION_DELAY, VerifiedKeys

    world = World.build()
    issued = await world.c.issue_api_key()(organisation_id="org-a")
    token = issued.token.reveal()
    elsewhere = AuthenticateApiKey(world.c.uow(), world.clock, VerifiedKeys())
    assert await elsewhere(token) == "org-a"
    await world.c.revoke_api_key()(organisation_id="org-a", key_id=issued.key.id)
    with pytest.raises(Unauthenticated):
        await world.c.authenticate_api_key()(token)  # the revoking process: at once
    world.clock.advance(REVOCATION_DELAY - timedelta(milliseconds=1))
    assert await elsewhere(token) == "org-a"  # still within its second
    world.clock.advance(timedelta(milliseconds=1))
    with pytest.raises(Unauthenticated):
        await elsewhere(token)
    with pytest.raises(Unauthenticated):  # a held key still checks the secret
        await AuthenticateApiKey(world.c.uow(), world.clock, VerifiedKeys())(token + "x")
