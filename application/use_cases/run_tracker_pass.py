"""One pass of the status tracker: ask TikTok about every publishing post whose check is due.

No post stops the pass: a check that fails unexpectedly is recorded on its post as a failed
check (asked again later; past the deadline a person is asked to look) and the pass goes
on. Only a lost database ends it early: nothing can be recorded then, and the worker's
loop backs off until the database is back."""

from __future__ import annotations

import contextlib

import attrs

from application.alerts import save_and_alert
from application.errors import Conflict, DatabaseUnavailable, NotFound
from application.ports import Clock, UnitOfWorkFactory
from application.ports.runs import Runs, unobserved
from application.use_cases.track_publish_status import TrackPublishStatus
from domain.errors import DomainError
from domain.social_post import SocialPost
from domain.tiktok_errors import ErrorSource, classify
from domain.tracking import StatusCheck, track


@attrs.frozen
class TrackerResult:
    posts: tuple[SocialPost, ...]
    errors: tuple[str, ...]  # "post id: what failed", each recorded on its post


@attrs.frozen
class RunTrackerPass:
    uow: UnitOfWorkFactory
    track: TrackPublishStatus
    clock: Clock
    batch: int = 50
    runs: Runs = unobserved  # each post's check is one run

    async def __call__(self) -> TrackerResult:
        async with self.uow() as uow:
            due = await uow.posts.due_for_tracking(now=self.clock.now(), limit=self.batch)
        tracked: list[SocialPost] = []
        errors: list[str] = []
        for post in due:
            outcome = await self._check(post)
            if isinstance(outcome, SocialPost):
                tracked.append(outcome)
            elif outcome is not None:
                errors.append(outcome)
        return TrackerResult(tuple(tracked), tuple(errors))

    async def _check(self, post: SocialPost) -> SocialPost | str | None:
        """One post's check, as one run: the post tracked, what failed (recorded on the
        post), or None when someone changed it first (the next pass sees it)."""
        with self.runs(
            "track_publish_status",
            post_id=post.id,
            channel_id=post.channel_id,
            organisation_id=post.organisation_id,
        ) as run:
            try:
                tracked = await self.track(post_id=post.id)
            except DatabaseUnavailable:
                raise
            except Conflict:
                run.skipped("changed meanwhile")
                return None
            except Exception as exc:
                run.failed(exc)
                await self._record_failure(post.id, exc)
                return f"{post.id}: {type(exc).__name__}: {exc}"
            run.note(
                post_status=tracked.status.value,
                tracking=tracked.tracking.value if tracked.tracking else None,
            )
            return tracked

    async def _record_failure(self, post_id: str, exc: Exception) -> None:
        """The check counts as a failed one on the post: the domain's tracking rules set
        its next check, and past its deadline flag it for a person (with an alert)."""
        check = StatusCheck(
            error=classify(
                ErrorSource.CLIENT, "status_check_failed", detail=f"{type(exc).__name__}: {exc}"
            )
        )
        with contextlib.suppress(
            Conflict, NotFound, DomainError
        ):  # moved on meanwhile: nothing to do
            async with self.uow() as uow:
                post = await uow.posts.get(post_id)
            now = self.clock.now()
            await save_and_alert(
                self.uow, self.track.notifier, track(post, check, now, self.track.limits), now
            )
