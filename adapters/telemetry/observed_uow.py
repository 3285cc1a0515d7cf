"""A unit-of-work decorator that reports post changes to telemetry once they commit:
the application stays unaware of monitoring."""

from __future__ import annotations

from collections.abc import Sequence
from types import TracebackType
from typing import Any, Self

from adapters.telemetry.prometheus import PrometheusTelemetry
from application.ports import UnitOfWork, UnitOfWorkFactory
from domain.post_events import PostEvent
from domain.social_post import SocialPost


class _ObservedPosts:
    """Notes each written post's new events (the post knows them) for after the commit."""

    def __init__(self, inner: Any, changed: list[tuple[SocialPost, Sequence[PostEvent]]]) -> None:
        self._inner = inner
        self._changed = changed

    async def add(self, post: SocialPost) -> SocialPost:
        stored = await self._inner.add(post)
        self._changed.append((post, post.new_events))
        return stored

    async def save(self, post: SocialPost) -> SocialPost:
        stored = await self._inner.save(post)
        self._changed.append((post, post.new_events))
        return stored

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)


class ObservedUnitOfWork:
    def __init__(self, inner: UnitOfWork, telemetry: PrometheusTelemetry) -> None:
        self._inner = inner
        self._telemetry = telemetry
        self._changed: list[tuple[SocialPost, Sequence[PostEvent]]] = []

    async def __aenter__(self) -> Self:
        await self._inner.__aenter__()
        self.posts = _ObservedPosts(self._inner.posts, self._changed)
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self._inner.__aexit__(exc_type, exc, tb)

    async def commit(self) -> None:
        await self._inner.commit()
        changed, self._changed[:] = list(self._changed), []
        for post, events in changed:
            self._telemetry.post_changed(post, events)

    async def rollback(self) -> None:
        self._changed.clear()
        await self._inner.rollback()

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)


class ObservedUowFactory:
    def __init__(self, inner: UnitOfWorkFactory, telemetry: PrometheusTelemetry) -> None:
        self.inner = inner
        self.telemetry = telemetry

    def __call__(self) -> ObservedUnitOfWork:
        return ObservedUnitOfWork(self.inner(), self.telemetry)
