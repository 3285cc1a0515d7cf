"""creator-options never waits on TikTok's rate window: a short-lived cache of the
creator's info, or a clear rate_window_full with the seconds until the window opens."""

from __future__ import annotations

from datetime import timedelta

import pytest

from application.errors import TikTokApiError
from domain.channel import ChannelUnusable
from domain.tiktok_errors import Category, ErrorSource, classify
from domain.webhook import TikTokWebhookEvent
from tests.unit.application.world import ORG, World


def window_full(seconds: float) -> TikTokApiError:
    """What the client raises when a caller may not wait for the window."""
    return TikTokApiError(classify(ErrorSource.CLIENT, "rate_window_full", retry_after_s=seconds))


async def test_repeated_requests_are_answered_from_the_cache(world: World) -> None:
    channel = await world.connect()
    options = world.c.creator_options()
    first = await options(organisation_id=ORG, channel_id=channel.id)
    asked = world.tiktok.calls["creator_info"]
    for _ in range(25):  # more than the 20 a minute TikTok allows
        assert await options(organisation_id=ORG, channel_id=channel.id) == first
    assert world.tiktok.calls["creator_info"] == asked


async def test_the_cache_is_short_lived(world: World) -> None:
    channel = await world.connect()
    options = world.c.creator_options()
    await options(organisation_id=ORG, channel_id=channel.id)
    asked = world.tiktok.calls["creator_info"]
    world.clock.advance(timedelta(seconds=31))
    await options(organisation_id=ORG, channel_id=channel.id)
    assert world.tiktok.calls["creator_info"] == asked + 1


async def test_a_full_window_is_reported_with_when_it_opens(world: World) -> None:
    channel = await world.connect()
    world.tiktok.fail_next("creator_info", window_full(42.0))
    with pytest.raises(TikTokApiError) as refused:
        await world.c.creator_options()(organisation_id=ORG, channel_id=channel.id)
    error = refused.value.error
    assert error.category is Category.RATE_LIMITED and error.retry_after_s == 42.0


async def test_a_cached_answer_never_outlives_the_channels_access(world: World) -> None:
    channel = await world.connect()
    await world.c.creator_options()(organisation_id=ORG, channel_id=channel.id)
    await world.c.handle_webhook_event()(
        TikTokWebhookEvent("ck", "authorization.removed", 1, "open-1", {"reason": 1})
    )
    with pytest.raises(ChannelUnusable):
        await world.c.creator_options()(organisation_id=ORG, channel_id=channel.id)
