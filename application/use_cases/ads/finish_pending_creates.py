"""Finish creates whose answer was lost or whose process died (campaigns first)."""

from __future__ import annotations

from collections.abc import Sequence

import attrs

from application.ads_access import account_in_org
from application.ads_create import CreateSender
from application.ports.ads import AdsUnitOfWorkFactory
from domain.ads.model import AdObject, ObjectKind

ORDER = {ObjectKind.CAMPAIGN: 0, ObjectKind.AD_GROUP: 1, ObjectKind.AD: 2}


@attrs.frozen
class FinishPendingCreates:
    uow: AdsUnitOfWorkFactory
    sender: CreateSender

    async def __call__(self, *, organisation_id: str, account_id: str) -> Sequence[AdObject]:
        async with self.uow() as uow:
            await account_in_org(uow, account_id, organisation_id)
            pending = await uow.ad_objects.unsent_or_unanswered(account_id)
        done = []
        for obj in sorted(pending, key=lambda o: (ORDER[o.kind], o.created_at, o.id)):
            done.append(await self.sender.send(obj.id))
        return done
