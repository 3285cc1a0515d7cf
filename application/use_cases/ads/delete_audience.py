"""Delete a custom audience on TikTok; we keep its counts, marked deleted."""

from __future__ import annotations

import attrs

from application.ads_access import AccountCaller, audience_in_org
from application.ports import Clock
from application.ports.ads import AdsUnitOfWorkFactory, MarketingApi
from domain.ads.custom_audience import AudienceStatus, CustomAudience
from domain.secret import Secret


@attrs.frozen
class DeleteAudience:
    uow: AdsUnitOfWorkFactory
    marketing: MarketingApi
    clock: Clock

    async def __call__(self, *, organisation_id: str, audience_id: str) -> CustomAudience:
        async with self.uow() as uow:
            audience = await audience_in_org(uow, audience_id, organisation_id)
            account = await uow.ad_accounts.get(audience.account_id)
        if audience.status is AudienceStatus.DELETED:
            return audience
        if audience.tiktok_id:
            tiktok_id = audience.tiktok_id

            async def delete(token: Secret) -> None:
                await self.marketing.delete_audiences(token, account.advertiser_id, [tiktok_id])

            await AccountCaller(self.uow, self.clock)(account, delete)
        async with self.uow() as uow:
            saved = await uow.audiences.save((await uow.audiences.get(audience_id)).deleted())
            await uow.commit()
        return saved
