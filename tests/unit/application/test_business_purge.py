"""Accounts API data follows the channel's retention: purged once its connection (or the
channel) has been disconnected longer than the retention period, kept before."""

from __future__ import annotations

from datetime import date, timedelta

from adapters.memory.clock import FakeClock
from adapters.memory.store import MemoryStore
from adapters.memory.unit_of_work import MemoryUowFactory
from application.use_cases.purge_disconnected_channels import PurgeDisconnectedChannels
from domain.business_insights import AccountDay, VideoInsight
from tests.builders import T0, channel
from tests.contracts.business_contract import comment, connection


async def test_business_rows_go_after_the_retention_period() -> None:
    uow = MemoryUowFactory(MemoryStore())
    clock = FakeClock()
    clock.set(T0)
    async with uow() as work:
        await work.channels.add(channel())
        stored = await work.business_connections.add(connection())
        await work.business_connections.save(stored.disconnect(now=T0))
        await work.business_metrics.put_days(
            [AccountDay("c1", date(2026, 3, 1), T0, video_views=3)]
        )
        await work.business_metrics.add_video_insights([VideoInsight("c1", "v1", T0, T0)])
        await work.comments.add_if_new(comment("k1"))
        await work.commit()
    purge = PurgeDisconnectedChannels(uow, clock, timedelta(days=30))
    clock.set(T0 + timedelta(days=29))
    assert await purge() == 0
    clock.set(T0 + timedelta(days=31))
    assert await purge() == 3
    async with uow() as work:
        assert await work.comments.get("c1", "k1") is None
        assert await work.business_metrics.days("c1", since=date(2026, 1, 1)) == []
        assert (await work.channels.get("c1")).status.value == "connected"  # Login Kit stays
