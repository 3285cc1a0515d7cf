"""One endpoint with its recent deliveries and their attempts."""

from __future__ import annotations

from collections.abc import Sequence

import attrs

from application.ports import UnitOfWorkFactory
from application.ports.outgoing import RecordedAttempt
from domain.event_delivery import Delivery, DeliveryStatus
from domain.webhook_endpoint import WebhookEndpoint


@attrs.frozen
class EndpointDeliveries:
    endpoint: WebhookEndpoint
    deliveries: Sequence[Delivery]
    attempts: Sequence[RecordedAttempt]


@attrs.frozen
class ShowWebhookEndpoint:
    uow: UnitOfWorkFactory

    async def __call__(
        self,
        *,
        organisation_id: str,
        endpoint_id: str,
        status: DeliveryStatus | None = None,
        limit: int = 50,
    ) -> EndpointDeliveries:
        async with self.uow() as uow:
            endpoint = await uow.webhook_endpoints.get(organisation_id, endpoint_id)
            deliveries = await uow.outbox.deliveries(endpoint_id, status=status, limit=limit)
            attempts = await uow.outbox.attempts([d.id for d in deliveries])
        return EndpointDeliveries(endpoint, deliveries, attempts)
