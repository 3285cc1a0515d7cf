"""Disconnect a channel: revoke the token at TikTok, forget it here."""

from __future__ import annotations

import attrs

from application.errors import TikTokApiError
from application.ports import Clock, TikTokApi, UnitOfWorkFactory
from application.tenancy import channel_in_org
from domain.channel import Channel


@attrs.frozen
class Disconnected:
    channel: Channel
    revoked_at_tiktok: bool
    revoke_error: str | None


@attrs.frozen
class DisconnectChannel:
    uow: UnitOfWorkFactory
    tiktok: TikTokApi
    clock: Clock

    async def __call__(self, *, organisation_id: str, channel_id: str) -> Disconnected:
        async with self.uow() as uow:
            channel = await channel_in_org(uow, channel_id, organisation_id)
        revoked, problem = False, None
        if channel.tokens is not None:  # asked with no transaction open
            try:
                await self.tiktok.revoke(channel.tokens.access_token)
                revoked = True
            except TikTokApiError as exc:  # the local disconnect goes ahead regardless
                problem = exc.error.describe()
        async with self.uow() as uow:  # under the version check of the first read
            channel = await uow.channels.save(channel.disconnect(now=self.clock.now()))
            await uow.commit()
        return Disconnected(channel, revoked, problem)
