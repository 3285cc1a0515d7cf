"""Replace the origins an organisation allows as OAuth return URLs (ADR 0019)."""

from __future__ import annotations

from collections.abc import Sequence

import attrs

from application.ports import UnitOfWorkFactory
from application.use_cases.show_return_origins import ReturnOrigins
from domain.return_url import normalise_origins


@attrs.frozen
class SetReturnOrigins:
    uow: UnitOfWorkFactory
    configured: Sequence[str] = ()

    async def __call__(self, *, organisation_id: str, origins: Sequence[str]) -> ReturnOrigins:
        normalised = normalise_origins(origins)
        async with self.uow() as uow:
            await uow.return_origins.replace(organisation_id, normalised)
            await uow.commit()
        return ReturnOrigins(normalised, tuple(self.configured))
