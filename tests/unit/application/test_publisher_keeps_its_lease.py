"""A publisher renews its lease while it works, so a slow init or upload is never taken
for a crashed worker; and it stops when another worker has taken the post anyway. (A
reclaimed post whose upload was still running got its publish id abandoned by the tracker
and was posted twice: seen in the chaos test under faults.)"""

from __future__ import annotations

import asyncio
from datetime import timedelta
from typing import Any

from adapters.memory.store import Lease, MemoryStore
from adapters.memory.unit_of_work import MemoryUowFactory
from adapters.system.clock import SystemClock
from application.use_cases.run_publisher_pass import RunPublisherPass
from domain.post_state import PostStatus as S
from tests.builders import channel, post_in

LEASE = timedelta(seconds=0.3)


class SlowPublish:
    """Publishing that takes ``seconds`` (a slow init or upload); notes a cancellation."""

    def __init__(self, seconds: float) -> None:
        self.seconds, self.cancelled = seconds, False

    async def __call__(self, *, post_id: str, progress: Any = None) -> Any:
        try:
            await asyncio.sleep(self.seconds)
        except asyncio.CancelledError:
            self.cancelled = True
            raise
        return None  # neither a post nor an error: the test reads the leases


async def _world() -> tuple[MemoryStore, MemoryUowFactory]:
    store = MemoryStore()
    uow = MemoryUowFactory(store)
    async with uow() as u:
        await u.channels.add(channel())
        await u.posts.add(post_in(S.SCHEDULED))
        await u.commit()
    return store, uow


def _pass(uow: MemoryUowFactory, publish: SlowPublish) -> RunPublisherPass:
    return RunPublisherPass(
        uow=uow,
        publish=publish,
        clock=SystemClock(),
        worker_id="w1",
        lease_for=LEASE,  # type: ignore[arg-type]
    )


async def test_a_slow_publish_keeps_its_lease() -> None:
    store, uow = await _world()
    running = asyncio.ensure_future(_pass(uow, SlowPublish(1.2))())
    taken: list[str] = []
    for _ in range(4):  # past four lease lengths, another worker finds nothing lapsed
        await asyncio.sleep(0.25)
        async with uow() as u:
            taken += await u.posts.reclaim_lapsed(
                now=SystemClock().now(), worker_id="w2", lease_for=LEASE, limit=5
            )
            await u.commit()
    result = await running
    assert taken == [] and result.errors == ()
    assert "p1" not in store.leases  # handed back when done


async def test_work_stops_when_another_worker_took_the_post() -> None:
    store, uow = await _world()
    publish = SlowPublish(5.0)
    running = asyncio.ensure_future(_pass(uow, publish)())
    await asyncio.sleep(0.05)
    store.leases["p1"] = Lease("w2", SystemClock().now() + timedelta(minutes=5))
    result = await asyncio.wait_for(running, timeout=2.0)
    assert publish.cancelled
    assert result.errors == ("p1: stopped: another worker took its lease",)
    assert store.leases["p1"].worker_id == "w2"  # not released by the worker that stopped
