"""Publish an approved or scheduled post now (after the pre-flight)."""

from __future__ import annotations

import attrs

from application.ports import Clock, TikTokApi, UnitOfWorkFactory
from application.readiness import Readiness, check_readiness
from application.tenancy import post_in_org
from application.use_cases.validate_post import ValidatePost


@attrs.frozen
class PublishPostNow:
    uow: UnitOfWorkFactory
    clock: Clock
    tiktok: TikTokApi
    validate: ValidatePost

    async def __call__(self, *, organisation_id: str, post_id: str) -> Readiness:
        now = self.clock.now()
        async with self.uow() as uow:
            post = await post_in_org(uow, post_id, organisation_id)
            post.ensure_schedulable("publish the post now")
            channel = await uow.channels.get(post.channel_id)
            ready = await check_readiness(
                uow, post, channel, validate=self.validate, tiktok=self.tiktok, now=now
            )
            if not ready.manual:
                ready = attrs.evolve(ready, post=await uow.posts.save(post.publish_now(now=now)))
            await uow.commit()
        return ready
