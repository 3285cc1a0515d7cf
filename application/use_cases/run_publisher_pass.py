"""One pass of the publisher: lease due posts (and lapsed ones), publish each, hand back."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import attrs

from application.ports import Clock, ProgressCallback, UnitOfWorkFactory
from application.use_cases.publish_due_post import PublishDuePost
from domain.social_post import SocialPost

LEASE = timedelta(minutes=15)  # longer than the slowest upload of a 4 GB video


@attrs.frozen
class PassResult:
    posts: tuple[SocialPost, ...]
    errors: tuple[str, ...]


@attrs.frozen
class RunPublisherPass:
    uow: UnitOfWorkFactory
    publish: PublishDuePost
    clock: Clock
    worker_id: str
    batch: int = 10
    lease_for: timedelta = LEASE

    async def __call__(
        self, *, progress: ProgressCallback | None = None, include_lapsed: bool = True
    ) -> PassResult:
        now = self.clock.now()
        async with self.uow() as uow:
            ids = list(
                await uow.posts.claim_due(
                    now=now, worker_id=self.worker_id, lease_for=self.lease_for, limit=self.batch
                )
            )
            if include_lapsed and len(ids) < self.batch:
                ids += await uow.posts.reclaim_lapsed(
                    now=now,
                    worker_id=self.worker_id,
                    lease_for=self.lease_for,
                    limit=self.batch - len(ids),
                )
            await uow.commit()
        # Concurrently: one channel waiting for its rate window must not hold up the rest.
        outcomes = await asyncio.gather(*(self._one(post_id, progress) for post_id in ids))
        done = tuple(o for o in outcomes if isinstance(o, SocialPost))
        errors = tuple(o for o in outcomes if isinstance(o, str))
        return PassResult(done, errors)

    async def _one(self, post_id: str, progress: ProgressCallback | None) -> SocialPost | str:
        try:
            post = await self.publish(post_id=post_id, progress=progress)
        except Exception as exc:  # no post stops the pass: its lease lapses and the
            return f"{post_id}: {type(exc).__name__}: {exc}"  # crash recovery decides
        async with self.uow() as uow:
            await uow.posts.release(post_id, self.worker_id)
            await uow.commit()
        return post
