"""An organisation's API keys (ids, names, dates; never secrets)."""

from __future__ import annotations

from collections.abc import Sequence

import attrs

from application.ports import UnitOfWorkFactory
from domain.api_key import ApiKey


@attrs.frozen
class ListApiKeys:
    uow: UnitOfWorkFactory

    async def __call__(self, *, organisation_id: str) -> Sequence[ApiKey]:
        async with self.uow() as uow:
            return await uow.api_keys.list(organisation_id)
