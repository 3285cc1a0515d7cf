"""How many posts are in each state across organisations (monitoring)."""

from __future__ import annotations

import attrs

from application.ports import UnitOfWorkFactory
from domain.post_state import PostStatus


@attrs.frozen
class CountPostsByState:
    uow: UnitOfWorkFactory

    async def __call__(self) -> dict[PostStatus, int]:
        async with self.uow() as uow:
            counts = await uow.posts.count_by_status()
            await uow.commit()  # a backend that keeps counters may fold them on the way
        return counts
