"""Loading a channel's Accounts API connection on behalf of one organisation."""

from __future__ import annotations

from application.errors import NotFound
from application.ports import UnitOfWork
from application.tenancy import channel_scoped
from domain.business_connection import BusinessConnection
from domain.channel import Channel


async def business_connection(
    uow: UnitOfWork, channel_id: str, organisation_id: str | None
) -> tuple[Channel, BusinessConnection]:
    """The channel (another organisation's does not exist) and its Accounts API connection;
    NotFound names what is missing."""
    channel = await channel_scoped(uow, channel_id, organisation_id)
    connection = await uow.business_connections.for_channel(channel.id)
    if connection is None:
        raise NotFound("Accounts API connection of channel", channel_id)
    return channel, connection
