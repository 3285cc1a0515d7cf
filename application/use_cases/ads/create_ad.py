"""Create an ad in an ad group: checked against the campaign's objective, then sent; a
re-send after a lost answer lists the ad group first (ads have no request_id)."""

from __future__ import annotations

import attrs

from application.ads_access import account_in_org, object_in_org, usable
from application.ads_create import CreateSender
from application.errors import Conflict
from application.ports import Clock, IdGenerator
from application.ports.ads import AdsUnitOfWorkFactory
from domain.ads.model import (
    AdGroupSpec,
    AdObject,
    AdSpec,
    CampaignSpec,
    ObjectKind,
    OperationStatus,
)
from domain.ads.rules import check_ad


@attrs.frozen
class CreateAd:
    uow: AdsUnitOfWorkFactory
    sender: CreateSender
    clock: Clock
    ids: IdGenerator

    async def __call__(self, *, organisation_id: str, ad_group_id: str, spec: AdSpec) -> AdObject:
        async with self.uow() as uow:
            group = await object_in_org(uow, ad_group_id, organisation_id)
            if not isinstance(group.spec, AdGroupSpec):
                raise Conflict(f"{ad_group_id} is a {group.kind.value}, not an ad group")
            if group.status is OperationStatus.DELETE:
                raise Conflict(f"ad group {ad_group_id} is deleted")
            assert group.parent_id is not None
            campaign = await uow.ad_objects.get(group.parent_id)
            assert isinstance(campaign.spec, CampaignSpec)
            check_ad(spec, objective=campaign.spec.objective)
            siblings = await uow.ad_objects.list(
                group.account_id, ObjectKind.AD, parent_id=group.id
            )
            if any(
                s.spec.name == spec.name for s in siblings if s.status is not OperationStatus.DELETE
            ):
                raise Conflict(f"ad group {ad_group_id} has an ad named {spec.name!r} already")
            usable(await account_in_org(uow, group.account_id, organisation_id))
            object_id = self.ids.new_id()
            await uow.ad_objects.add(
                AdObject(
                    id=object_id,
                    organisation_id=organisation_id,
                    account_id=group.account_id,
                    advertiser_id=group.advertiser_id,
                    spec=spec,
                    created_at=self.clock.now(),
                    parent_id=group.id,
                )
            )
            await uow.commit()
        return await self.sender.send(object_id)
