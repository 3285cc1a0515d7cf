"""Idempotency keys: a repeated key gets the first answer, not a second effect.

The key is reserved in its own transaction before the operation runs, so a concurrent
repeat sees it at once; a request that does not finish releases it to be sent again.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import timedelta

import attrs

from application.errors import Conflict
from application.ports import Clock, StoredResponse, UnitOfWorkFactory

KEEP_FOR = timedelta(hours=24)
Answer = tuple[int, str]  # status and serialised body


class KeyReused(Conflict):
    """The same key was sent with a different request."""


class StillRunning(Conflict):
    """The first request with this key has not finished yet."""


@attrs.frozen
class RunIdempotent:
    uow: UnitOfWorkFactory
    clock: Clock

    async def __call__(
        self,
        *,
        organisation_id: str,
        key: str,
        fingerprint: str,
        operation: Callable[[], Awaitable[Answer]],
    ) -> tuple[Answer, bool]:
        """The answer, and whether it is a replay of the first one."""
        async with self.uow() as uow:
            stored = await uow.idempotency.reserve(
                organisation_id, key, fingerprint=fingerprint, now=self.clock.now()
            )
            await uow.commit()
        if stored is not None:
            return self._replay(stored, fingerprint), True
        try:
            status, body = await operation()
        except BaseException:
            await self._settle(organisation_id, key, None)
            raise
        await self._settle(organisation_id, key, (status, body) if status < 500 else None)
        return (status, body), False

    @staticmethod
    def _replay(stored: StoredResponse, fingerprint: str) -> Answer:
        if stored.fingerprint != fingerprint:
            raise KeyReused("this Idempotency-Key was used for a different request")
        if stored.status == 0:
            raise StillRunning("a request with this Idempotency-Key is still running")
        return stored.status, stored.body

    async def _settle(self, organisation_id: str, key: str, answer: Answer | None) -> None:
        async with self.uow() as uow:
            if answer is None:
                await uow.idempotency.release(organisation_id, key)
            else:
                await uow.idempotency.complete(
                    organisation_id, key, status=answer[0], body=answer[1]
                )
            await uow.commit()
