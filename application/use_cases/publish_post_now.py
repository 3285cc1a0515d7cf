"""Publish an approved or scheduled post now (after the pre-flight)."""

from __future__ import annotations

import attrs

from application.capacity import cap_counts
from application.errors import CapReached
from application.ports import Clock, TikTokApi, UnitOfWorkFactory
from application.readiness import Readiness, check_readiness, load_for
from application.use_cases.validate_post import ValidatePost
from domain.caps import app_cap_issue, cap_warnings
from domain.post_state import Operation


@attrs.frozen
class PublishPostNow:
    uow: UnitOfWorkFactory
    clock: Clock
    tiktok: TikTokApi
    validate: ValidatePost

    async def __call__(self, *, organisation_id: str, post_id: str) -> Readiness:
        now = self.clock.now()
        post, channel = await load_for(
            self.uow, Operation.PUBLISH_NOW, organisation_id=organisation_id, post_id=post_id
        )
        ready = await check_readiness(
            post, channel, validate=self.validate, tiktok=self.tiktok, now=now
        )
        saved = ready.post if ready.manual else post.publish_now(now=now)
        async with self.uow() as uow:  # saved under the version check of the first read
            if not ready.manual:
                counts = await cap_counts(uow, post, now, now)
                if counts.app_cap_until is not None:
                    issue = app_cap_issue(counts.app_cap_until)
                    raise CapReached(issue.code, issue.message, counts.app_cap_until)
                warnings = [i.describe() for i in cap_warnings(post, now, counts)]
                ready = attrs.evolve(ready, warnings=(*ready.warnings, *warnings))
            ready = attrs.evolve(ready, post=await uow.posts.save(saved))
            await uow.commit()
        return ready
