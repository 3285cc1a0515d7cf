"""An organisation's endpoints for outgoing events."""

from __future__ import annotations

from collections.abc import Sequence

import attrs

from application.ports import UnitOfWorkFactory
from domain.webhook_endpoint import WebhookEndpoint


@attrs.frozen
class ListWebhookEndpoints:
    uow: UnitOfWorkFactory

    async def __call__(self, *, organisation_id: str) -> Sequence[WebhookEndpoint]:
        async with self.uow() as uow:
            return await uow.webhook_endpoints.list(organisation_id)
