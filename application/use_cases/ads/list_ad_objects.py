"""An ad account's campaigns, ad groups or ads, and one object by id."""

from __future__ import annotations

from collections.abc import Sequence

import attrs

from application.ads_access import account_in_org, object_in_org
from application.ports.ads import AdsUnitOfWorkFactory
from domain.ads.model import AdObject, ObjectKind


@attrs.frozen
class ListAdObjects:
    uow: AdsUnitOfWorkFactory

    async def __call__(
        self,
        *,
        organisation_id: str,
        account_id: str,
        kind: ObjectKind,
        parent_id: str | None = None,
    ) -> Sequence[AdObject]:
        async with self.uow() as uow:
            await account_in_org(uow, account_id, organisation_id)
            return await uow.ad_objects.list(account_id, kind, parent_id=parent_id)

    async def one(self, *, organisation_id: str, object_id: str) -> AdObject:
        async with self.uow() as uow:
            return await object_in_org(uow, object_id, organisation_id)
