"""A unit-of-work decorator that reports post changes to telemetry once they commit:
the application stays unaware of monitoring."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from types import TracebackType
from typing import Self

from adapters.telemetry.prometheus import PrometheusTelemetry
from application.ports import (
    AlertLog,
    ApiKeyRepository,
    ChannelRepository,
    IdempotencyStore,
    InsightRepository,
    MetricsRepository,
    NearbyPosts,
    OAuthStateRepository,
    PostFilter,
    PostRepository,
    ReturnOriginRepository,
    UnitOfWork,
    UnitOfWorkFactory,
    WebhookEventLog,
)
from application.ports.business_repositories import (
    BusinessConnectionRepository,
    BusinessMetricsRepository,
    CommentRepository,
    ReplyIntentRepository,
)
from application.ports.outgoing import Outbox, WebhookEndpointRepository
from domain.post_events import PostEvent
from domain.post_state import PostStatus
from domain.social_post import SocialPost

Changed = list[tuple[SocialPost, Sequence[PostEvent]]]


class _ObservedPosts:
    """Notes each written post's new events (the post knows them) for after the commit;
    every other call goes straight to the inner repository."""

    def __init__(self, inner: PostRepository, changed: Changed) -> None:
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

    async def get(self, post_id: str) -> SocialPost:
        return await self._inner.get(post_id)

    async def list(self, query: PostFilter) -> Sequence[SocialPost]:
        return await self._inner.list(query)

    async def find_by_publish_id(self, publish_id: str) -> SocialPost | None:
        return await self._inner.find_by_publish_id(publish_id)

    async def count_near(self, query: NearbyPosts) -> int:
        return await self._inner.count_near(query)

    async def app_cap_until(self, *, now: datetime) -> datetime | None:
        return await self._inner.app_cap_until(now=now)

    async def count_by_status(self) -> dict[PostStatus, int]:
        return await self._inner.count_by_status()

    async def claim_due(
        self, *, now: datetime, worker_id: str, lease_for: timedelta, limit: int
    ) -> Sequence[str]:
        return await self._inner.claim_due(
            now=now, worker_id=worker_id, lease_for=lease_for, limit=limit
        )

    async def reclaim_lapsed(
        self, *, now: datetime, worker_id: str, lease_for: timedelta, limit: int
    ) -> Sequence[str]:
        return await self._inner.reclaim_lapsed(
            now=now, worker_id=worker_id, lease_for=lease_for, limit=limit
        )

    async def release(self, post_id: str, worker_id: str) -> None:
        await self._inner.release(post_id, worker_id)

    async def due_for_tracking(self, *, now: datetime, limit: int) -> Sequence[SocialPost]:
        return await self._inner.due_for_tracking(now=now, limit=limit)


class ObservedUnitOfWork:
    """The inner unit of work's repositories, with the posts observed."""

    posts: PostRepository
    channels: ChannelRepository
    oauth_states: OAuthStateRepository
    metrics: MetricsRepository
    insights: InsightRepository
    webhook_events: WebhookEventLog
    api_keys: ApiKeyRepository
    idempotency: IdempotencyStore
    business_connections: BusinessConnectionRepository
    business_metrics: BusinessMetricsRepository
    comments: CommentRepository
    reply_intents: ReplyIntentRepository
    alerts: AlertLog
    outbox: Outbox
    webhook_endpoints: WebhookEndpointRepository
    return_origins: ReturnOriginRepository

    def __init__(self, inner: UnitOfWork, telemetry: PrometheusTelemetry) -> None:
        self._inner = inner
        self._telemetry = telemetry
        self._changed: Changed = []

    async def __aenter__(self) -> Self:
        inner = self._inner
        await inner.__aenter__()
        self.posts = _ObservedPosts(inner.posts, self._changed)
        self.channels, self.oauth_states = inner.channels, inner.oauth_states
        self.metrics, self.insights = inner.metrics, inner.insights
        self.webhook_events, self.api_keys = inner.webhook_events, inner.api_keys
        self.idempotency = inner.idempotency
        self.business_connections = inner.business_connections
        self.business_metrics, self.comments = inner.business_metrics, inner.comments
        self.reply_intents, self.alerts = inner.reply_intents, inner.alerts
        self.outbox, self.webhook_endpoints = inner.outbox, inner.webhook_endpoints
        self.return_origins = inner.return_origins
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


class ObservedUowFactory:
    def __init__(self, inner: UnitOfWorkFactory, telemetry: PrometheusTelemetry) -> None:
        self.inner = inner
        self.telemetry = telemetry

    def __call__(self) -> UnitOfWork:  # mypy checks the decorator keeps the whole port
        return ObservedUnitOfWork(self.inner(), self.telemetry)
