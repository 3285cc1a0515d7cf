"""Schedule an approved post, after the pre-flight; impossible-by-API posts go manual."""

from __future__ import annotations

from datetime import datetime

import attrs

from application.capacity import capacity_warnings
from application.ports import Clock, TikTokApi, UnitOfWorkFactory
from application.readiness import Readiness, check_readiness, load_for
from application.use_cases.validate_post import ValidatePost
from domain.post_state import Operation


@attrs.frozen
class SchedulePost:
    uow: UnitOfWorkFactory
    clock: Clock
    tiktok: TikTokApi
    validate: ValidatePost

    async def __call__(self, *, organisation_id: str, post_id: str, at: datetime) -> Readiness:
        now = self.clock.now()
        post, channel = await load_for(
            self.uow, Operation.SCHEDULE, organisation_id=organisation_id, post_id=post_id
        )
        ready = await check_readiness(
            post, channel, validate=self.validate, tiktok=self.tiktok, now=now
        )
        async with self.uow() as uow:  # saved under the version check of the first read
            if ready.manual:
                ready = attrs.evolve(ready, post=await uow.posts.save(ready.post))
            else:
                warnings = (*ready.warnings, *await capacity_warnings(uow, post, at, now))
                scheduled = await uow.posts.save(post.schedule(at=at, now=now))
                ready = attrs.evolve(ready, post=scheduled, warnings=warnings)
            await uow.commit()
        return ready
