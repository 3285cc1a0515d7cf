"""One outgoing event of the organisation."""

from __future__ import annotations

import attrs

from application.ports import UnitOfWorkFactory
from domain.outgoing_events import OutgoingEvent


@attrs.frozen
class ShowEvent:
    uow: UnitOfWorkFactory

    async def __call__(self, *, organisation_id: str, event_id: str) -> OutgoingEvent:
        async with self.uow() as uow:
            return await uow.outbox.get(organisation_id, event_id)
