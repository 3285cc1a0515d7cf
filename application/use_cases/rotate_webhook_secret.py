"""Rotate an endpoint's signing secret; the old one keeps signing through the overlap."""

from __future__ import annotations

from datetime import timedelta

import attrs

from application.ports import Clock, IdGenerator, UnitOfWorkFactory
from application.signing_secrets import new_signing_secret
from application.use_cases.register_webhook_endpoint import RegisteredEndpoint


@attrs.frozen
class RotateWebhookSecret:
    uow: UnitOfWorkFactory
    clock: Clock
    ids: IdGenerator

    async def __call__(
        self, *, organisation_id: str, endpoint_id: str, overlap: timedelta
    ) -> RegisteredEndpoint:
        secret = new_signing_secret(self.ids)
        async with self.uow() as uow:
            endpoint = await uow.webhook_endpoints.get(organisation_id, endpoint_id)
            rotated = endpoint.rotate(secret=secret, overlap=overlap, now=self.clock.now())
            saved = await uow.webhook_endpoints.save(rotated)
            await uow.commit()
        return RegisteredEndpoint(saved, secret)
