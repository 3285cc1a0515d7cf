"""Retry a failed post, now or at a given time."""

from __future__ import annotations

from datetime import datetime

import attrs

from application.ports import Clock, UnitOfWorkFactory
from application.tenancy import post_in_org
from domain.social_post import SocialPost


@attrs.frozen
class RetryPost:
    uow: UnitOfWorkFactory
    clock: Clock

    async def __call__(
        self, *, organisation_id: str, post_id: str, at: datetime | None = None, force: bool = False
    ) -> SocialPost:
        async with self.uow() as uow:
            post = await post_in_org(uow, post_id, organisation_id)
            post = await uow.posts.save(post.retry(now=self.clock.now(), at=at, force=force))
            await uow.commit()
        return post
