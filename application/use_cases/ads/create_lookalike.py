"""Make a lookalike audience of one of ours."""

from __future__ import annotations

from collections.abc import Sequence

import attrs

from application.ads_access import AccountCaller, audience_in_org
from application.errors import Conflict
from application.ports import Clock, IdGenerator
from application.ports.ads import AdsUnitOfWorkFactory, MarketingApi
from domain.ads.custom_audience import AudienceStatus, CustomAudience
from domain.secret import Secret


@attrs.frozen
class CreateLookalike:
    uow: AdsUnitOfWorkFactory
    marketing: MarketingApi
    clock: Clock
    ids: IdGenerator

    async def __call__(
        self, *, organisation_id: str, source_id: str, name: str, location_ids: Sequence[str]
    ) -> CustomAudience:
        CustomAudience.check_name(name)
        async with self.uow() as uow:
            source = await audience_in_org(uow, source_id, organisation_id)
            account = await uow.ad_accounts.get(source.account_id)
        if source.status is AudienceStatus.DELETED or source.tiktok_id is None:
            raise Conflict(f"audience {source_id} is deleted or not on TikTok")
        source_tid = source.tiktok_id

        async def create(token: Secret) -> str:
            return await self.marketing.create_lookalike(
                token, account.advertiser_id, source_audience_id=source_tid, name=name,
                location_ids=location_ids,
            )  # fmt: skip

        tiktok_id = await AccountCaller(self.uow, self.clock)(account, create)
        audience = CustomAudience(
            id=self.ids.new_id(), organisation_id=organisation_id, account_id=account.id, name=name,
            created_at=self.clock.now(), tiktok_id=tiktok_id, lookalike_of=source.id,
        )  # fmt: skip
        async with self.uow() as uow:
            saved = await uow.audiences.add(audience)
            await uow.commit()
        return saved
