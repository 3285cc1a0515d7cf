"""Create a campaign in an ad account: stored with its request_id, then sent exactly once."""

from __future__ import annotations

import attrs

from application.ads_access import account_in_org, usable
from application.ads_create import CreateSender, request_id_for
from application.ports import Clock, IdGenerator
from application.ports.ads import AdsUnitOfWorkFactory
from domain.ads.model import AdObject, CampaignSpec
from domain.ads.rules import check_campaign


@attrs.frozen
class CreateCampaign:
    uow: AdsUnitOfWorkFactory
    sender: CreateSender
    clock: Clock
    ids: IdGenerator

    async def __call__(
        self, *, organisation_id: str, account_id: str, spec: CampaignSpec
    ) -> AdObject:
        check_campaign(spec)
        async with self.uow() as uow:
            account = await account_in_org(uow, account_id, organisation_id)
            usable(account)
            object_id = self.ids.new_id()
            await uow.ad_objects.add(
                AdObject(
                    id=object_id,
                    organisation_id=organisation_id,
                    account_id=account.id,
                    advertiser_id=account.advertiser_id,
                    spec=spec,
                    created_at=self.clock.now(),
                    request_id=request_id_for(object_id),
                )
            )
            await uow.commit()
        return await self.sender.send(object_id)
