"""Send a stored outgoing event again."""

from __future__ import annotations

from collections.abc import Sequence

import attrs

from application.ports import Clock, UnitOfWorkFactory
from domain.event_delivery import Delivery


@attrs.frozen
class ResendEvent:
    """A new delivery of a stored event, to one endpoint or to every enabled endpoint
    that wants its type; the receiver sees the same ``webhook-id`` again."""

    uow: UnitOfWorkFactory
    clock: Clock

    async def __call__(
        self, *, organisation_id: str, event_id: str, endpoint_id: str | None = None
    ) -> Sequence[Delivery]:
        async with self.uow() as uow:
            event = await uow.outbox.get(organisation_id, event_id)
            if endpoint_id is not None:
                targets = [await uow.webhook_endpoints.get(organisation_id, endpoint_id)]
            else:
                targets = [
                    e
                    for e in await uow.webhook_endpoints.list(organisation_id)
                    if e.enabled and e.wants(event.type)
                ]
            now = self.clock.now()
            made = [await uow.outbox.redeliver(event, t, now=now) for t in targets]
            await uow.commit()
        return made
