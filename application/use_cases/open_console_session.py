"""Sign in to the console: an organisation's API key, checked as the API checks it,
becomes a session that names the key (not its secret)."""

from __future__ import annotations

import attrs

from application.errors import Unauthenticated
from application.ports import Clock, UnitOfWorkFactory
from application.use_cases.authenticate_api_key import AuthenticateApiKey
from domain.api_key import parse
from domain.console_session import ConsoleSession


@attrs.frozen
class OpenConsoleSession:
    uow: UnitOfWorkFactory
    clock: Clock
    authenticate: AuthenticateApiKey

    async def __call__(self, presented: str) -> ConsoleSession:
        organisation_id = await self.authenticate(presented.strip())
        key_id, _ = parse(presented.strip())
        async with self.uow() as uow:
            key = await uow.api_keys.find(key_id)
        if key is None:  # revoked and purged between the two reads
            raise Unauthenticated("the API key is unknown or revoked")
        return ConsoleSession.open(
            organisation_id=organisation_id,
            key_id=key_id,
            key_name=key.name,
            now=self.clock.now(),
        )
