"""Revoke one of an organisation's API keys: it stops working at once in this process and
within a second in every other (``application/verified_keys.py``)."""

from __future__ import annotations

import attrs

from application.errors import NotFound
from application.ports import Clock, UnitOfWorkFactory
from application.verified_keys import VerifiedKeys
from domain.api_key import ApiKey


@attrs.frozen
class RevokeApiKey:
    uow: UnitOfWorkFactory
    clock: Clock
    verified: VerifiedKeys = attrs.field(factory=VerifiedKeys)

    async def __call__(self, *, organisation_id: str, key_id: str) -> ApiKey:
        async with self.uow() as uow:
            key = await uow.api_keys.find(key_id)
            if key is None or key.organisation_id != organisation_id:
                raise NotFound("API key", key_id)
            key = key.revoke(now=self.clock.now())
            await uow.api_keys.save(key)
            await uow.commit()
        self.verified.forget(key_id)
        return key
