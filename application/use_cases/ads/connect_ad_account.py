"""Connect ad accounts: auth code -> long-term token -> every advertiser it covers."""

from __future__ import annotations

from collections.abc import Sequence

import attrs

from application.ports import Clock, IdGenerator
from application.ports.ads import AdsUnitOfWorkFactory, MarketingApi
from domain.ads.account import AdAccount


@attrs.frozen
class ConnectAdAccount:
    uow: AdsUnitOfWorkFactory
    marketing: MarketingApi
    clock: Clock
    ids: IdGenerator

    async def __call__(self, *, organisation_id: str, auth_code: str) -> Sequence[AdAccount]:
        grant = await self.marketing.exchange_auth_code(auth_code)
        advertisers = await self.marketing.advertisers(grant.access_token)
        now = self.clock.now()
        connected = []
        async with self.uow() as uow:
            for adv in advertisers:
                existing = await uow.ad_accounts.find(organisation_id, adv.advertiser_id)
                if existing is None:
                    account = AdAccount(
                        id=self.ids.new_id(),
                        organisation_id=organisation_id,
                        advertiser_id=adv.advertiser_id,
                        name=adv.name,
                        access_token=grant.access_token,
                        connected_at=now,
                        currency=adv.currency,
                        timezone=adv.timezone,
                    )
                    connected.append(await uow.ad_accounts.add(account))
                else:
                    again = existing.reconnected(
                        access_token=grant.access_token, name=adv.name, now=now
                    )
                    connected.append(await uow.ad_accounts.save(again))
            await uow.commit()
        return connected
