"""Analytics of one channel: latest insight, video snapshots, account history."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta

import attrs

from application.ports import Clock, UnitOfWorkFactory
from application.tenancy import channel_in_org
from domain.insights import ChannelInsight, VideoSnapshot
from domain.metrics import AccountSnapshot


@attrs.frozen
class Analytics:
    insight: ChannelInsight | None
    videos: Sequence[VideoSnapshot]
    account: Sequence[AccountSnapshot]


@attrs.frozen
class ChannelAnalytics:
    uow: UnitOfWorkFactory
    clock: Clock

    async def __call__(self, *, organisation_id: str, channel_id: str, days: int = 30) -> Analytics:
        since = self.clock.now() - timedelta(days=max(1, min(days, 400)))
        async with self.uow() as uow:
            await channel_in_org(uow, channel_id, organisation_id)
            return Analytics(
                await uow.insights.latest(channel_id),
                await uow.metrics.video_snapshots(channel_id, since=since),
                await uow.metrics.account_snapshots(channel_id, since=since),
            )
