"""One pass of the publisher: lease due posts (and lapsed ones), publish each, hand back."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import attrs

from application.ports import Clock, ProgressCallback, UnitOfWorkFactory
from application.use_cases.publish_due_post import PublishDuePost
from domain.social_post import SocialPost

LEASE = timedelta(minutes=15)  # kept while working (renewed every third of it)
RENEWALS_PER_LEASE = 3


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
        work = asyncio.ensure_future(self.publish(post_id=post_id, progress=progress))
        keeper = asyncio.ensure_future(self._keep_lease(post_id, work))
        try:
            post = await work
        except asyncio.CancelledError:
            current = asyncio.current_task()
            if current is not None and current.cancelling():
                raise  # the pass itself is being cancelled
            return f"{post_id}: stopped: another worker took its lease"
        except Exception as exc:  # no post stops the pass: its lease lapses and the
            return f"{post_id}: {type(exc).__name__}: {exc}"  # crash recovery decides
        finally:
            keeper.cancel()
        async with self.uow() as uow:
            await uow.posts.release(post_id, self.worker_id)
            await uow.commit()
        return post

    async def _keep_lease(self, post_id: str, work: asyncio.Future[SocialPost]) -> None:
        """Renew the lease while the post is worked on, so a slow init or upload is never
        taken for a crashed worker (another worker would recover the post, and the tracker
        would abandon a publish id whose upload is still running: a post made twice). If
        another worker has taken it anyway, stop the work."""
        every = self.lease_for.total_seconds() / RENEWALS_PER_LEASE
        while not work.done():
            await asyncio.sleep(every)
            try:
                async with self.uow() as uow:
                    held = await uow.posts.extend_lease(
                        post_id, self.worker_id, self.clock.now() + self.lease_for
                    )
                    await uow.commit()
            except Exception:  # the database is away: try again at the next renewal
                continue
            if not held:
                work.cancel()
                return
