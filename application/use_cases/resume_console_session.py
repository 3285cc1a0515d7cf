"""A console page asks whether its session still holds: not past its length or idle
limit, and its API key still active (revoking the key ends every session opened with it,
within the one-second cache the API uses)."""

from __future__ import annotations

from datetime import timedelta

import attrs

from application.errors import Unauthenticated
from application.ports import Clock, UnitOfWorkFactory
from application.verified_keys import VerifiedKeys
from domain.console_session import ConsoleSession


@attrs.frozen
class ResumeConsoleSession:
    uow: UnitOfWorkFactory
    clock: Clock
    verified: VerifiedKeys
    lifetime: timedelta
    idle: timedelta

    async def __call__(self, session: ConsoleSession) -> ConsoleSession:
        now = self.clock.now()
        why = session.ended(now=now, lifetime=self.lifetime, idle=self.idle)
        if why is not None:
            raise Unauthenticated(why)
        key = self.verified.get(session.key_id, now=now)
        if key is None:
            async with self.uow() as uow:
                key = await uow.api_keys.find(session.key_id)
            if key is not None:
                self.verified.put(key, now=now)
        if key is None or key.revoked_at is not None:
            raise Unauthenticated("the API key this session was opened with was revoked")
        if key.organisation_id != session.organisation_id:
            raise Unauthenticated("the session does not match its API key")
        return session.seen(now)
