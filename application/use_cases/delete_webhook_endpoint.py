"""Delete an endpoint with its pending deliveries."""

from __future__ import annotations

import attrs

from application.ports import UnitOfWorkFactory


@attrs.frozen
class DeleteWebhookEndpoint:
    uow: UnitOfWorkFactory

    async def __call__(self, *, organisation_id: str, endpoint_id: str) -> None:
        async with self.uow() as uow:
            await uow.webhook_endpoints.delete(organisation_id, endpoint_id)
            await uow.commit()
