"""An organisation's channels."""

from __future__ import annotations

from collections.abc import Sequence

import attrs

from application.ports import UnitOfWorkFactory
from domain.channel import Channel


@attrs.frozen
class ListChannels:
    uow: UnitOfWorkFactory

    async def __call__(self, *, organisation_id: str) -> Sequence[Channel]:
        async with self.uow() as uow:
            return await uow.channels.list(organisation_id)
