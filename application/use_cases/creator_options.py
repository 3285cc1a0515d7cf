"""What a UI must offer for this creator now (TikTok's UX rules): privacy options with no
default chosen, the interactions the creator disabled, the longest video allowed.

A request never waits on TikTok's rate window (20 creator_info calls a minute per token):
it answers from a short-lived cache of the creator's info, or, when the window is full,
with ``rate_window_full`` and the seconds until it opens (HTTP: 429 with Retry-After)."""

from __future__ import annotations

import attrs

from application.ports import (
    REQUEST_MAX_WAIT_S,
    Clock,
    CreatorInfoCache,
    TikTokApi,
    UnitOfWorkFactory,
)
from application.tenancy import channel_in_org
from domain.creator import CreatorInfo


@attrs.frozen
class CreatorOptions:
    uow: UnitOfWorkFactory
    tiktok: TikTokApi
    clock: Clock
    cache: CreatorInfoCache

    async def __call__(self, *, organisation_id: str, channel_id: str) -> CreatorInfo:
        async with self.uow() as uow:
            channel = await channel_in_org(uow, channel_id, organisation_id)
        token = channel.access_token()  # an unusable channel is refused, cached or not
        cached = self.cache.get(channel.id, now=self.clock.now())
        if cached is not None:
            return cached
        info = await self.tiktok.creator_info(token, max_wait_s=REQUEST_MAX_WAIT_S)
        self.cache.put(channel.id, info, now=self.clock.now())
        return info
