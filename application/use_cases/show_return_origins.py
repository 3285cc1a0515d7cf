"""The origins an organisation allows as OAuth return URLs, and those configured for all."""

from __future__ import annotations

from collections.abc import Sequence

import attrs

from application.ports import UnitOfWorkFactory


@attrs.frozen
class ReturnOrigins:
    origins: tuple[str, ...]  # the organisation's own list
    configured: tuple[str, ...]  # allowed for every organisation by configuration


@attrs.frozen
class ShowReturnOrigins:
    uow: UnitOfWorkFactory
    configured: Sequence[str] = ()

    async def __call__(self, *, organisation_id: str) -> ReturnOrigins:
        async with self.uow() as uow:
            origins = await uow.return_origins.get(organisation_id)
        return ReturnOrigins(origins, tuple(self.configured))
