"""Poll TikTok for the review state of ads and ad groups still in review (deliveries can be
lost, and a revoked token silently ends a subscription)."""

from __future__ import annotations

from collections.abc import Sequence

import attrs

from application.ads_access import AccountCaller, account_in_org
from application.ads_review import save_reviewed
from application.ports import Clock
from application.ports.ads import AdsUnitOfWorkFactory, MarketingApi, RemoteObject
from domain.ads.model import AdObject, ObjectKind, ReviewStatus
from domain.ads.review_events import ReviewEvent, apply_review, outcome_of
from domain.secret import Secret


@attrs.frozen
class ReconcileAdReviews:
    uow: AdsUnitOfWorkFactory
    marketing: MarketingApi
    clock: Clock

    async def __call__(self, *, organisation_id: str, account_id: str) -> Sequence[AdObject]:
        async with self.uow() as uow:
            account = await account_in_org(uow, account_id, organisation_id)
            waiting = [
                o
                for kind in (ObjectKind.AD_GROUP, ObjectKind.AD)
                for o in await uow.ad_objects.list(account_id, kind)
                if o.tiktok_id and o.review.status is ReviewStatus.IN_REVIEW
            ]
        changed: list[AdObject] = []
        caller = AccountCaller(self.uow, self.clock)
        for kind in (ObjectKind.AD_GROUP, ObjectKind.AD):
            ids = [o.tiktok_id for o in waiting if o.kind is kind and o.tiktok_id]
            if not ids:
                continue

            async def fetch(
                token: Secret, kind: ObjectKind = kind, ids: list[str] = ids
            ) -> Sequence[RemoteObject]:
                return await self.marketing.get_objects(
                    token, account.advertiser_id, kind, tiktok_ids=ids
                )

            remote = {r.tiktok_id: r for r in await caller(account, fetch)}
            now = self.clock.now()
            async with self.uow() as uow:
                for obj in (o for o in waiting if o.kind is kind):
                    r = remote.get(obj.tiktok_id or "")
                    outcome = (
                        outcome_of(
                            r.secondary_status,
                            r.reject_reasons[0] if r and r.reject_reasons else None,
                        )
                        if r
                        else None
                    )
                    if r is None or outcome is None:
                        continue
                    event = ReviewEvent(
                        f"poll:{obj.id}",
                        kind,
                        obj.advertiser_id,
                        r.tiktok_id,
                        outcome,
                        r.reject_reasons,
                    )
                    current = await uow.ad_objects.get(obj.id)
                    after = apply_review(current, event, now=now)
                    if after is not None:
                        changed.append(await save_reviewed(uow, after, now=now))
                await uow.commit()
        return changed
