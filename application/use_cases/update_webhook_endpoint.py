"""Change an endpoint: URL, event types, description; or re-enable it."""

from __future__ import annotations

from collections.abc import Sequence

import attrs

from application.ports import Clock, UnitOfWorkFactory
from domain.webhook_endpoint import WebhookEndpoint


@attrs.frozen
class UpdateWebhookEndpoint:
    uow: UnitOfWorkFactory
    clock: Clock
    allow_insecure: bool = False

    async def __call__(
        self,
        *,
        organisation_id: str,
        endpoint_id: str,
        url: str | None = None,
        event_types: Sequence[str] | None = None,
        description: str | None = None,
        enabled: bool | None = None,
    ) -> WebhookEndpoint:
        async with self.uow() as uow:
            endpoint = await uow.webhook_endpoints.get(organisation_id, endpoint_id)
            endpoint = endpoint.update(
                url=url,
                event_types=event_types,
                description=description,
                allow_insecure=self.allow_insecure,
            )
            if enabled:
                endpoint = endpoint.enable()
            elif enabled is False:
                endpoint = endpoint.disable(reason="disabled through the API", now=self.clock.now())
            saved = await uow.webhook_endpoints.save(endpoint)
            await uow.commit()
        return saved
