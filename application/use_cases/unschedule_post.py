"""Take a scheduled post off the schedule; it stays approved."""

from __future__ import annotations

import attrs

from application.ports import Clock, UnitOfWorkFactory
from application.tenancy import post_in_org
from domain.social_post import SocialPost


@attrs.frozen
class UnschedulePost:
    uow: UnitOfWorkFactory
    clock: Clock

    async def __call__(self, *, organisation_id: str, post_id: str) -> SocialPost:
        async with self.uow() as uow:
            post = await post_in_org(uow, post_id, organisation_id)
            post = await uow.posts.save(post.unschedule(now=self.clock.now()))
            await uow.commit()
        return post
