"""An ad account's audiences, with TikTok's matched sizes."""

from __future__ import annotations

from collections.abc import Sequence

import attrs

from application.ads_access import AccountCaller, account_in_org
from application.ports import Clock
from application.ports.ads import AdsUnitOfWorkFactory, MarketingApi, RemoteAudience
from domain.ads.custom_audience import AudienceStatus, CustomAudience
from domain.secret import Secret


@attrs.frozen
class AudienceView:
    audience: CustomAudience
    remote: RemoteAudience | None


@attrs.frozen
class ListAudiences:
    uow: AdsUnitOfWorkFactory
    marketing: MarketingApi
    clock: Clock

    async def __call__(
        self, *, organisation_id: str, account_id: str, remote: bool = True
    ) -> Sequence[AudienceView]:
        async with self.uow() as uow:
            account = await account_in_org(uow, account_id, organisation_id)
            mine = [
                a for a in await uow.audiences.list(account_id) if a.status is AudienceStatus.ACTIVE
            ]
        found: dict[str, RemoteAudience] = {}
        ids = [a.tiktok_id for a in mine if a.tiktok_id]
        if remote and ids and account.usable:

            async def fetch(token: Secret) -> Sequence[RemoteAudience]:
                return await self.marketing.audiences(token, account.advertiser_id, ids)

            found = {
                r.audience_id: r for r in await AccountCaller(self.uow, self.clock)(account, fetch)
            }
        return [AudienceView(a, found.get(a.tiktok_id or "")) for a in mine]
