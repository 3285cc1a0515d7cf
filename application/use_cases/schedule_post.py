"""Schedule an approved post, after the pre-flight; impossible-by-API posts go manual."""

from __future__ import annotations

from datetime import datetime

import attrs

from application.capacity import capacity_warnings
from application.ports import Clock, TikTokApi, UnitOfWorkFactory
from application.readiness import Readiness, check_readiness
from application.tenancy import post_in_org
from application.use_cases.validate_post import ValidatePost


@attrs.frozen
class SchedulePost:
    uow: UnitOfWorkFactory
    clock: Clock
    tiktok: TikTokApi
    validate: ValidatePost

    async def __call__(self, *, organisation_id: str, post_id: str, at: datetime) -> Readiness:
        now = self.clock.now()
        async with self.uow() as uow:
            post = await post_in_org(uow, post_id, organisation_id)
            channel = await uow.channels.get(post.channel_id)
            post.ensure_schedulable()
            ready = await check_readiness(
                uow, post, channel, validate=self.validate, tiktok=self.tiktok, now=now
            )
            if not ready.manual:
                warnings = (*ready.warnings, *await capacity_warnings(uow, post, at))
                ready = attrs.evolve(
                    ready,
                    post=await uow.posts.save(post.schedule(at=at, now=now)),
                    warnings=warnings,
                )
            await uow.commit()
        return ready
