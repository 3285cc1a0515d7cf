"""A channel and its Accounts API connection, if it has one (its Login Kit connection is
the channel's own tokens)."""

from __future__ import annotations

import attrs

from application.ports import UnitOfWorkFactory
from application.tenancy import channel_in_org
from domain.business_connection import BusinessConnection
from domain.channel import Channel


@attrs.frozen
class ShowConnections:
    uow: UnitOfWorkFactory

    async def __call__(
        self, *, organisation_id: str, channel_id: str
    ) -> tuple[Channel, BusinessConnection | None]:
        async with self.uow() as uow:
            channel = await channel_in_org(uow, channel_id, organisation_id)
            return channel, await uow.business_connections.for_channel(channel.id)
