"""Refresh-token expiry alerts: sent once per token, recorded, retried when undelivered."""

from __future__ import annotations

from datetime import timedelta

from adapters.memory.tiktok import api_error
from application.ports import AlertKey
from domain.channel import Channel
from domain.tiktok_errors import ErrorSource
from tests.unit.application.world import World


async def _expiring(world: World) -> Channel:
    channel = await world.connect()
    assert channel.tokens is not None
    world.clock.set(channel.tokens.refresh_expires_at - timedelta(days=6))
    return channel


async def test_an_expiring_refresh_token_is_warned_about_once(world: World) -> None:
    channel = await _expiring(world)
    first = await world.c.alert_expiring_tokens()(channels=[channel])
    assert first.sent == (channel.id,)
    assert world.notifier.kinds() == ["refresh_token_expiring"]
    assert world.notifier.alerts[0].organisation_id == channel.organisation_id


async def test_a_restarted_worker_does_not_warn_again(world: World) -> None:
    channel = await _expiring(world)
    await world.c.alert_expiring_tokens()(channels=[channel])
    world.clock.advance(timedelta(hours=1))
    again = await world.c.alert_expiring_tokens()(channels=[channel])  # a new instance
    assert again.sent == () and len(world.notifier.alerts) == 1


async def test_an_undelivered_alert_is_sent_on_a_later_round(world: World) -> None:
    channel = await _expiring(world)
    world.notifier.down = True
    failed = await world.c.alert_expiring_tokens()(channels=[channel])
    assert failed.undelivered == (channel.id,) and failed.sent == ()
    world.notifier.down = False
    later = await world.c.alert_expiring_tokens()(channels=[channel])
    assert later.sent == (channel.id,) and world.notifier.kinds() == ["refresh_token_expiring"]


async def test_a_new_refresh_token_is_warned_about_again(world: World) -> None:
    channel = await _expiring(world)
    await world.c.alert_expiring_tokens()(channels=[channel])
    reconnected = await world.connect()  # a new grant: a new refresh token and expiry
    assert reconnected.tokens is not None
    world.clock.set(reconnected.tokens.refresh_expires_at - timedelta(days=6))
    again = await world.c.alert_expiring_tokens()(channels=[reconnected])
    assert again.sent == (channel.id,) and len(world.notifier.alerts) == 2


async def test_a_claim_left_by_a_dead_sender_lapses(world: World) -> None:
    channel = await _expiring(world)
    assert channel.tokens is not None
    key = AlertKey(
        "refresh_token_expiring",
        channel.id,
        channel.tokens.refresh_expires_at.isoformat(),
        channel.organisation_id,
    )
    now = world.clock.now()
    async with world.c.uow()() as uow:  # a worker claimed it and died before sending
        assert await uow.alerts.claim(key, now=now, stale_before=now - timedelta(minutes=10))
        await uow.commit()
    assert (await world.c.alert_expiring_tokens()(channels=[channel])).sent == ()
    world.clock.advance(timedelta(minutes=11))
    assert (await world.c.alert_expiring_tokens()(channels=[channel])).sent == (channel.id,)


async def test_token_upkeep_warns_once_about_the_tokens_it_holds(world: World) -> None:
    channel = await _expiring(world)
    refused = api_error("server_error", ErrorSource.OAUTH)
    world.tiktok.fail_next("refresh", refused)  # the access token stays, and so does its
    first = await world.c.run_token_upkeep()()  # refresh token
    assert first.failed and first.alerts.sent == (channel.id,)
    world.tiktok.fail_next("refresh", refused)
    again = await world.c.run_token_upkeep()()
    assert again.alerts.sent == () and len(world.notifier.alerts) == 1


async def test_token_upkeep_does_not_warn_about_a_token_it_just_replaced(world: World) -> None:
    channel = await _expiring(world)
    result = await world.c.run_token_upkeep()()  # the refresh brings a new refresh token
    assert [o.channel.id for o in result.outcomes] == [channel.id]
    assert result.alerts.sent == () and world.notifier.alerts == []
