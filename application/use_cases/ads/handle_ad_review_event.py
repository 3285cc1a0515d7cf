"""Apply a Subscription API delivery: each review event once, to every object it names."""

from __future__ import annotations

import attrs

from application.ads_review import save_reviewed
from application.ports import Clock
from application.ports.ads import AdsUnitOfWorkFactory
from domain.ads.review_events import apply_review, events_from_delivery


@attrs.frozen
class ReviewEventsApplied:
    received: int
    duplicates: int
    applied: int


@attrs.frozen
class HandleAdReviewEvent:
    uow: AdsUnitOfWorkFactory
    clock: Clock

    async def __call__(self, *, payload: dict[str, object]) -> ReviewEventsApplied:
        events = events_from_delivery(payload)
        now = self.clock.now()
        duplicates = applied = 0
        async with self.uow() as uow:
            for event in events:
                if not await uow.ad_events.record(event.key, received_at=now):
                    duplicates += 1
                    continue
                for obj in await uow.ad_objects.find_by_tiktok_id(
                    event.advertiser_id, event.tiktok_id
                ):
                    if obj.kind is not event.kind:
                        continue
                    changed = apply_review(obj, event, now=now)
                    if changed is not None:
                        await save_reviewed(uow, changed, now=now)
                        applied += 1
            await uow.commit()
        return ReviewEventsApplied(len(events), duplicates, applied)
