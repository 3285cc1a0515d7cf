"""Register an endpoint for outgoing events; its signing secret is shown this once."""

from __future__ import annotations

from collections.abc import Sequence

import attrs

from application.ports import Clock, IdGenerator, UnitOfWorkFactory
from application.signing_secrets import new_signing_secret
from domain.secret import Secret
from domain.webhook_endpoint import WebhookEndpoint


@attrs.frozen
class RegisteredEndpoint:
    endpoint: WebhookEndpoint
    secret: Secret  # whsec_...: hand it over once


@attrs.frozen
class RegisterWebhookEndpoint:
    uow: UnitOfWorkFactory
    clock: Clock
    ids: IdGenerator
    allow_insecure: bool = False  # http and private hosts (local development only)

    async def __call__(
        self,
        *,
        organisation_id: str,
        url: str,
        event_types: Sequence[str] = (),
        description: str = "",
    ) -> RegisteredEndpoint:
        secret = new_signing_secret(self.ids)
        endpoint = WebhookEndpoint.register(
            endpoint_id=f"we_{self.ids.new_id().replace('-', '')}",
            organisation_id=organisation_id,
            url=url,
            event_types=event_types,
            description=description,
            secret=secret,
            now=self.clock.now(),
            allow_insecure=self.allow_insecure,
        )
        async with self.uow() as uow:
            stored = await uow.webhook_endpoints.add(endpoint)
            await uow.commit()
        return RegisteredEndpoint(stored, secret)
