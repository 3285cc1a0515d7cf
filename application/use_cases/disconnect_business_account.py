"""Disconnect a channel's Accounts API connection: revoke at TikTok, forget the tokens
here; its data is purged after the retention period like the channel's other data."""

from __future__ import annotations

import attrs

from application.business_access import business_connection
from application.errors import TikTokApiError
from application.ports import Clock, UnitOfWorkFactory
from application.ports.business import BusinessApi
from domain.business_connection import BusinessConnection


@attrs.frozen
class BusinessDisconnected:
    connection: BusinessConnection
    revoked_at_tiktok: bool
    revoke_error: str | None


@attrs.frozen
class DisconnectBusinessAccount:
    uow: UnitOfWorkFactory
    business: BusinessApi
    clock: Clock

    async def __call__(self, *, organisation_id: str, channel_id: str) -> BusinessDisconnected:
        async with self.uow() as uow:
            _, connection = await business_connection(uow, channel_id, organisation_id)
        revoked, problem = False, None
        if connection.tokens is not None:
            try:
                await self.business.revoke(connection.tokens.access_token)
                revoked = True
            except TikTokApiError as exc:  # the local disconnect goes ahead regardless
                problem = exc.error.describe()
        async with self.uow() as uow:
            current = await uow.business_connections.get(connection.id)
            saved = await uow.business_connections.save(current.disconnect(now=self.clock.now()))
            await uow.commit()
        return BusinessDisconnected(saved, revoked, problem)
