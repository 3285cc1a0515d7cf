"""Refresh an Accounts API access token (24 h) before it expires; a refused refresh expires
the connection and alerts, as for Login Kit channels. No network call inside a unit of
work: the connection is read, TikTok asked, then the answer saved against its version."""

from __future__ import annotations

from datetime import timedelta

import attrs

from application.business_access import business_connection
from application.errors import Conflict, TikTokApiError
from application.ports import AdminAlert, Clock, Notifier, UnitOfWorkFactory
from application.ports.business import BusinessApi
from domain.business_connection import BusinessConnection
from domain.channel import ChannelStatus
from domain.tiktok_errors import Category

REFRESH_MARGIN = timedelta(minutes=30)


@attrs.frozen
class BusinessRefreshOutcome:
    connection: BusinessConnection
    refreshed: bool
    reason: str


@attrs.frozen
class RefreshBusinessToken:
    uow: UnitOfWorkFactory
    business: BusinessApi
    clock: Clock
    notifier: Notifier
    margin: timedelta = REFRESH_MARGIN

    async def __call__(self, *, connection_id: str, force: bool = False) -> BusinessRefreshOutcome:
        async with self.uow() as uow:
            connection = await uow.business_connections.get(connection_id)
        now = self.clock.now()
        if connection.status is not ChannelStatus.CONNECTED or connection.tokens is None:
            return BusinessRefreshOutcome(connection, False, f"connection is {connection.status}")
        if not force and not connection.needs_refresh(now=now, margin=self.margin):
            return BusinessRefreshOutcome(connection, False, "token still fresh")
        try:
            grant = await self.business.refresh(connection.tokens.refresh_token)
        except TikTokApiError as exc:
            if exc.error.category is not Category.RECONNECT_NEEDED:
                raise  # transient: the next pass tries again
            return await self._expire(connection, exc.error.describe(), exc.error.code)
        async with self.uow() as uow:
            try:
                saved = await uow.business_connections.save(
                    connection.rotate_tokens(tokens=grant.token_set(now), now=now)
                )
                await uow.commit()
            except Conflict:  # refreshed or disconnected meanwhile: theirs stands
                return BusinessRefreshOutcome(connection, False, "changed meanwhile")
        return BusinessRefreshOutcome(saved, True, "refreshed")

    async def for_channel(self, *, organisation_id: str, channel_id: str) -> BusinessRefreshOutcome:
        """Refresh now (asked for by a person): the channel's connection, in their org."""
        async with self.uow() as uow:
            _, connection = await business_connection(uow, channel_id, organisation_id)
        return await self(connection_id=connection.id, force=True)

    async def _expire(
        self, connection: BusinessConnection, reason: str, code: str
    ) -> BusinessRefreshOutcome:
        now = self.clock.now()
        async with self.uow() as uow:
            expired = await uow.business_connections.save(connection.expire(reason=reason, now=now))
            await uow.commit()
        await self.notifier.notify(
            AdminAlert(
                "channel_expired",
                connection.organisation_id,
                connection.channel_id,
                f"The Accounts API connection of @{connection.username} needs reconnecting: {reason}",
                now,
            )
        )
        return BusinessRefreshOutcome(expired, False, code)
