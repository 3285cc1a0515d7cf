"""What a UI must offer for this creator now (TikTok's UX rules): privacy options with no
default chosen, the interactions the creator disabled, the longest video allowed."""

from __future__ import annotations

import attrs

from application.ports import TikTokApi, UnitOfWorkFactory
from application.tenancy import channel_in_org
from domain.creator import CreatorInfo


@attrs.frozen
class CreatorOptions:
    uow: UnitOfWorkFactory
    tiktok: TikTokApi

    async def __call__(self, *, organisation_id: str, channel_id: str) -> CreatorInfo:
        async with self.uow() as uow:
            channel = await channel_in_org(uow, channel_id, organisation_id)
        return await self.tiktok.creator_info(channel.access_token())
