"""One channel with its profile and latest account figures."""

from __future__ import annotations

from datetime import timedelta

import attrs

from application.ports import Clock, UnitOfWorkFactory
from application.tenancy import channel_in_org
from domain.channel import Channel
from domain.metrics import AccountSnapshot

LOOKBACK = timedelta(days=400)


@attrs.frozen
class ChannelView:
    channel: Channel
    account: AccountSnapshot | None  # followers, following, likes, videos at the last sync


@attrs.frozen
class ShowChannel:
    uow: UnitOfWorkFactory
    clock: Clock

    async def __call__(self, *, organisation_id: str, channel_id: str) -> ChannelView:
        async with self.uow() as uow:
            channel = await channel_in_org(uow, channel_id, organisation_id)
            history = await uow.metrics.account_snapshots(
                channel_id, since=self.clock.now() - LOOKBACK
            )
        return ChannelView(channel, history[-1] if history else None)
