"""The organisation's outgoing events, oldest first."""

from __future__ import annotations

from collections.abc import Sequence

import attrs

from application.ports import UnitOfWorkFactory
from domain.outgoing_events import EventType, OutgoingEvent


@attrs.frozen
class ListEvents:
    uow: UnitOfWorkFactory

    async def __call__(
        self,
        *,
        organisation_id: str,
        event_type: EventType | None = None,
        ordering_key: str | None = None,
        after_id: str | None = None,
        limit: int = 50,
    ) -> Sequence[OutgoingEvent]:
        async with self.uow() as uow:
            return await uow.outbox.list(
                organisation_id,
                event_type=event_type,
                ordering_key=ordering_key,
                after_id=after_id,
                limit=limit,
            )
