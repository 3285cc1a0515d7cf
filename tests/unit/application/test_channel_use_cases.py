"""Connect (OAuth), refresh, verify, disconnect: on the in-memory adapters."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import pytest

from adapters.memory.tiktok import api_error
from application.errors import InvalidOAuthState, NotFound, TikTokApiError
from domain.channel import ChannelStatus
from domain.tiktok_errors import ErrorSource
from tests.unit.application.world import ORG, World


async def test_connect_builds_an_authorize_url_with_a_stored_single_use_state(world: World) -> None:
    started = await world.c.connect_channel()(organisation_id=ORG, return_url="/after")
    query = parse_qs(urlsplit(started.authorize_url).query)
    assert query["state"] == [started.state]
    assert "video.publish" in query["scope"][0]
    assert started.state in world.store.oauth_states


async def test_complete_oauth_stores_the_channel_and_spends_the_state(world: World) -> None:
    world.tiktok.add_account("open-1", "brand")
    started = await world.c.connect_channel()(organisation_id=ORG, return_url="/after")
    done = await world.c.complete_oauth()(
        state=started.state, code=world.tiktok.issue_code("open-1")
    )
    assert done.created and done.return_url == "/after"
    stored = await world.channel(done.channel.id)
    assert stored.status is ChannelStatus.CONNECTED and stored.username == "brand"
    with pytest.raises(InvalidOAuthState):
        await world.c.complete_oauth()(state=started.state, code=world.tiktok.issue_code("open-1"))


async def test_an_expired_state_is_refused(world: World) -> None:
    started = await world.c.connect_channel()(organisation_id=ORG)
    world.clock.advance(timedelta(hours=1))
    with pytest.raises(InvalidOAuthState, match="expired"):
        await world.c.complete_oauth()(state=started.state, code="c")


async def test_a_denied_consent_is_a_classified_error(world: World) -> None:
    started = await world.c.connect_channel()(organisation_id=ORG)
    with pytest.raises(TikTokApiError) as caught:
        await world.c.complete_oauth()(state=started.state, code=None, error="access_denied")
    assert caught.value.error.code == "access_denied"
    assert world.store.channels == {}


async def test_connecting_the_same_account_again_reconnects(world: World) -> None:
    first = await world.connect()
    again = await world.connect()
    assert again.id == first.id and len(world.store.channels) == 1
    assert again.tokens is not None and first.tokens is not None
    assert again.tokens.access_token != first.tokens.access_token


async def test_refresh_rotates_and_keeps_the_newest_refresh_token(world: World) -> None:
    channel = await world.connect()
    world.clock.advance(timedelta(hours=23, minutes=50))
    outcome = await world.c.refresh_channel_token()(channel_id=channel.id)
    assert outcome.refreshed
    stored = await world.channel(channel.id)
    assert stored.tokens is not None and channel.tokens is not None
    newest = stored.tokens.refresh_token.reveal()
    assert newest != channel.tokens.refresh_token.reveal()
    assert newest in world.tiktok.refresh_tokens  # the old one was spent at TikTok
    assert channel.tokens.refresh_token.reveal() not in world.tiktok.refresh_tokens


async def test_a_fresh_token_is_not_refreshed(world: World) -> None:
    channel = await world.connect()
    outcome = await world.c.refresh_channel_token()(channel_id=channel.id)
    assert not outcome.refreshed and outcome.reason == "token still fresh"


async def test_concurrent_refreshes_use_the_refresh_token_once(world: World) -> None:
    import asyncio

    channel = await world.connect()
    world.clock.advance(timedelta(hours=23, minutes=55))
    refresh = world.c.refresh_channel_token()
    outcomes = await asyncio.gather(*(refresh(channel_id=channel.id) for _ in range(3)))
    assert sum(o.refreshed for o in outcomes) == 1
    assert (await world.channel(channel.id)).status is ChannelStatus.CONNECTED


async def test_a_refused_refresh_expires_the_channel_and_alerts_an_admin(world: World) -> None:
    channel = await world.connect()
    world.clock.advance(timedelta(days=1))
    world.tiktok.fail_next("refresh", api_error("invalid_grant", ErrorSource.OAUTH))
    outcome = await world.c.refresh_channel_token()(channel_id=channel.id)
    assert not outcome.refreshed
    assert (await world.channel(channel.id)).status is ChannelStatus.EXPIRED
    assert world.notifier.kinds() == ["channel_expired"]


async def test_a_transient_refresh_failure_leaves_the_channel_connected(world: World) -> None:
    channel = await world.connect()
    world.clock.advance(timedelta(days=1))
    world.tiktok.fail_next("refresh", api_error("server_error", ErrorSource.OAUTH))
    with pytest.raises(TikTokApiError):
        await world.c.refresh_channel_token()(channel_id=channel.id)
    assert (await world.channel(channel.id)).status is ChannelStatus.CONNECTED
    assert world.notifier.alerts == []


async def test_verify_reports_health(world: World) -> None:
    channel = await world.connect()
    health = await world.c.verify_channel()(organisation_id=ORG, channel_id=channel.id)
    assert health.healthy and health.problems == ()
    world.tiktok.access_tokens.clear()  # TikTok no longer accepts the token
    sick = await world.c.verify_channel()(organisation_id=ORG, channel_id=channel.id)
    assert not sick.healthy and sick.problems


async def test_another_organisation_cannot_see_the_channel(world: World) -> None:
    channel = await world.connect()
    with pytest.raises(NotFound):
        await world.c.verify_channel()(organisation_id="org2", channel_id=channel.id)


async def test_disconnect_revokes_at_tiktok_and_drops_tokens(world: World) -> None:
    channel = await world.connect()
    result = await world.c.disconnect_channel()(organisation_id=ORG, channel_id=channel.id)
    assert result.revoked_at_tiktok
    stored = await world.channel(channel.id)
    assert stored.status is ChannelStatus.DISCONNECTED and stored.tokens is None
    assert "open-1" in world.tiktok.revoked


async def test_disconnect_still_drops_tokens_when_revoke_fails(world: World) -> None:
    channel = await world.connect()
    world.tiktok.fail_next("revoke", api_error("server_error", ErrorSource.OAUTH))
    result = await world.c.disconnect_channel()(organisation_id=ORG, channel_id=channel.id)
    assert not result.revoked_at_tiktok and result.revoke_error
    assert (await world.channel(channel.id)).tokens is None
