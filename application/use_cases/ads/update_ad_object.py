"""Change a campaign's, ad group's or ad's settings: the same rules as at create."""

from __future__ import annotations

import attrs

from application.ads_access import AccountCaller, account_in_org, object_in_org
from application.errors import Conflict
from application.ports import Clock
from application.ports.ads import AdsUnitOfWorkFactory, MarketingApi
from domain.ads.model import AdGroupSpec, AdObject, AdSpec, CampaignSpec, Spec
from domain.ads.rules import check_ad, check_ad_group, check_campaign
from domain.secret import Secret


@attrs.frozen
class UpdateAdObject:
    uow: AdsUnitOfWorkFactory
    marketing: MarketingApi
    clock: Clock

    async def __call__(self, *, organisation_id: str, object_id: str, spec: Spec) -> AdObject:
        now = self.clock.now()
        async with self.uow() as uow:
            obj = await object_in_org(uow, object_id, organisation_id)
            account = await account_in_org(uow, obj.account_id, organisation_id)
            campaign = obj
            while campaign.parent_id is not None:
                campaign = await uow.ad_objects.get(campaign.parent_id)
        assert isinstance(campaign.spec, CampaignSpec)
        if isinstance(spec, CampaignSpec):
            if spec.objective is not campaign.spec.objective:
                raise Conflict("a campaign's objective cannot change")
            check_campaign(spec)
        elif isinstance(spec, AdGroupSpec):
            check_ad_group(
                spec,
                objective=campaign.spec.objective,
                campaign_budget=campaign.spec.budget,
                now=now,
            )
        else:
            assert isinstance(spec, AdSpec)
            check_ad(spec, objective=campaign.spec.objective)
        changed = obj.with_spec(spec, now=now)
        if changed.tiktok_id is None:
            raise Conflict(f"{obj.kind.value} {object_id} is not created on TikTok yet")
        tiktok_id = changed.tiktok_id

        async def call(token: Secret) -> None:
            await self.marketing.update(token, obj.advertiser_id, obj.kind, tiktok_id, spec)

        await AccountCaller(self.uow, self.clock)(account, call)
        async with self.uow() as uow:
            current = await uow.ad_objects.get(object_id)
            saved = await uow.ad_objects.save(current.with_spec(spec, now=self.clock.now()))
            await uow.commit()
        return saved
