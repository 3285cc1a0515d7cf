"""Who is calling: the organisation an API key belongs to, or Unauthenticated."""

from __future__ import annotations

from datetime import timedelta

import attrs

from application.errors import Unauthenticated
from application.ports import Clock, UnitOfWorkFactory
from application.verified_keys import VerifiedKeys
from domain.api_key import MalformedApiKey, parse

LAST_USED_PRECISION = timedelta(hours=1)  # write "last used" at most this often


@attrs.frozen
class AuthenticateApiKey:
    uow: UnitOfWorkFactory
    clock: Clock
    verified: VerifiedKeys = attrs.field(factory=VerifiedKeys)

    async def __call__(self, presented: str) -> str:
        try:
            key_id, secret = parse(presented)
        except MalformedApiKey:
            raise Unauthenticated("the API key is malformed") from None
        now = self.clock.now()
        known = self.verified.get(key_id, now=now)
        if known is not None and known.accepts(secret):
            return known.organisation_id
        async with self.uow() as uow:
            key = await uow.api_keys.find(key_id)
            if key is None or not key.accepts(secret):
                raise Unauthenticated("the API key is unknown or revoked")
            if key.last_used_at is None or now - key.last_used_at > LAST_USED_PRECISION:
                await uow.api_keys.save(attrs.evolve(key, last_used_at=now))
                await uow.commit()
        self.verified.put(key, now=now)
        return key.organisation_id
