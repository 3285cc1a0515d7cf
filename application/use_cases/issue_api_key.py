"""Issue an API key for an organisation: the full key is shown once, only its digest kept."""

from __future__ import annotations

import attrs

from application.ports import Clock, IdGenerator, UnitOfWorkFactory
from domain.api_key import ApiKey
from domain.secret import Secret


@attrs.frozen
class IssuedKey:
    key: ApiKey
    token: Secret  # tck_<id>_<secret>: hand it over once, it cannot be shown again


@attrs.frozen
class IssueApiKey:
    uow: UnitOfWorkFactory
    clock: Clock
    ids: IdGenerator

    async def __call__(self, *, organisation_id: str, name: str = "") -> IssuedKey:
        key_id = "".join(ch for ch in self.ids.new_id() if ch.isalnum())
        key, token = ApiKey.issue(
            key_id=key_id,
            organisation_id=organisation_id,
            name=name,
            secret=self.ids.new_token(),
            now=self.clock.now(),
        )
        async with self.uow() as uow:
            await uow.api_keys.add(key)
            await uow.commit()
        return IssuedKey(key, Secret(token))
