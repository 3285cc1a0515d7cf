"""One pass of the status tracker: ask TikTok about every publishing post whose check is due."""

from __future__ import annotations

import attrs

from application.errors import ApplicationError
from application.ports import Clock, UnitOfWorkFactory
from application.use_cases.track_publish_status import TrackPublishStatus
from domain.social_post import SocialPost


@attrs.frozen
class RunTrackerPass:
    uow: UnitOfWorkFactory
    track: TrackPublishStatus
    clock: Clock
    batch: int = 50

    async def __call__(self) -> tuple[SocialPost, ...]:
        async with self.uow() as uow:
            due = await uow.posts.due_for_tracking(now=self.clock.now(), limit=self.batch)
        tracked = []
        for post in due:
            try:
                tracked.append(await self.track(post_id=post.id))
            except ApplicationError:
                continue  # a conflict with a webhook or the publisher: next pass sees it
        return tuple(tracked)
