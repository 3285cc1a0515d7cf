"""Create an ad group under a campaign: checked against the campaign, sent exactly once."""

from __future__ import annotations

import attrs

from application.ads_access import account_in_org, object_in_org, usable
from application.ads_create import CreateSender, request_id_for
from application.errors import Conflict
from application.ports import Clock, IdGenerator
from application.ports.ads import AdsUnitOfWorkFactory
from domain.ads.model import AdGroupSpec, AdObject, CampaignSpec, OperationStatus
from domain.ads.rules import check_ad_group


@attrs.frozen
class CreateAdGroup:
    uow: AdsUnitOfWorkFactory
    sender: CreateSender
    clock: Clock
    ids: IdGenerator

    async def __call__(
        self, *, organisation_id: str, campaign_id: str, spec: AdGroupSpec
    ) -> AdObject:
        now = self.clock.now()
        async with self.uow() as uow:
            campaign = await object_in_org(uow, campaign_id, organisation_id)
            if not isinstance(campaign.spec, CampaignSpec):
                raise Conflict(f"{campaign_id} is a {campaign.kind.value}, not a campaign")
            if campaign.status is OperationStatus.DELETE:
                raise Conflict(f"campaign {campaign_id} is deleted")
            check_ad_group(
                spec,
                objective=campaign.spec.objective,
                campaign_budget=campaign.spec.budget,
                now=now,
            )
            usable(await account_in_org(uow, campaign.account_id, organisation_id))
            object_id = self.ids.new_id()
            await uow.ad_objects.add(
                AdObject(
                    id=object_id,
                    organisation_id=organisation_id,
                    account_id=campaign.account_id,
                    advertiser_id=campaign.advertiser_id,
                    spec=spec,
                    created_at=now,
                    parent_id=campaign.id,
                    request_id=request_id_for(object_id),
                )
            )
            await uow.commit()
        return await self.sender.send(object_id)
