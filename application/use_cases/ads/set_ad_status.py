"""Launch (ENABLE), pause (DISABLE) or delete a campaign, ad group or ad (status calls)."""

from __future__ import annotations

import attrs

from application.ads_access import AccountCaller, account_in_org, object_in_org
from application.ports import Clock
from application.ports.ads import AdsUnitOfWorkFactory, MarketingApi
from domain.ads.model import AdObject, OperationStatus
from domain.secret import Secret


@attrs.frozen
class SetAdStatus:
    uow: AdsUnitOfWorkFactory
    marketing: MarketingApi
    clock: Clock

    async def __call__(
        self, *, organisation_id: str, object_id: str, status: OperationStatus
    ) -> AdObject:
        async with self.uow() as uow:
            obj = await object_in_org(uow, object_id, organisation_id)
            account = await account_in_org(uow, obj.account_id, organisation_id)
        changed = obj.with_status(status, now=self.clock.now())  # refused before any call
        assert changed.tiktok_id is not None
        tiktok_id = changed.tiktok_id

        async def call(token: Secret) -> None:
            await self.marketing.set_status(token, obj.advertiser_id, obj.kind, [tiktok_id], status)

        await AccountCaller(self.uow, self.clock)(account, call)
        async with self.uow() as uow:
            current = await uow.ad_objects.get(object_id)
            saved = await uow.ad_objects.save(current.with_status(status, now=self.clock.now()))
            await uow.commit()
        return saved
