"""The organisation's ad accounts."""

from __future__ import annotations

from collections.abc import Sequence

import attrs

from application.ports.ads import AdsUnitOfWorkFactory
from domain.ads.account import AdAccount


@attrs.frozen
class ListAdAccounts:
    uow: AdsUnitOfWorkFactory

    async def __call__(self, *, organisation_id: str) -> Sequence[AdAccount]:
        async with self.uow() as uow:
            return await uow.ad_accounts.list(organisation_id)
