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
from application.ports.sync_jobs import SyncJobRepository
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

    async def posted_as(self, organisation_id: str, video_ids: Sequence[str]) -> dict[str, str]:
        return await self._inner.posted_as(organisation_id, video_ids)

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

    async def extend_lease(self, post_id: str, worker_id: str, until: datetime) -> bool:
        return await self._inner.extend_lease(post_id, worker_id, until)

    async def due_for_tracking(self, *, now: datetime, limit: int) -> Sequence[SocialPost]:
        return await self._inner.due_for_tracking(now=now, limit=limit)


class ObservedUnitOfWork:
    """The inner unit of work's repositories, with the posts observed."""

    posts: PostRepository

    def __init__(self, inner: UnitOfWork, telemetry: PrometheusTelemetry) -> None:
        self._inner = inner
        self._telemetry = telemetry
        self._changed: Changed = []

    async def __aenter__(self) -> Self:
        await self._inner.__aenter__()
        self.posts = _ObservedPosts(self._inner.posts, self._changed)
        return self

    # Every other repository is the inner one's, read when a use-case reaches for it (a
    # backend may not have them all yet: Postgres has no business repositories so far).

    @property
    def channels(self) -> ChannelRepository:
        return self._inner.channels

    @property
    def oauth_states(self) -> OAuthStateRepository:
        return self._inner.oauth_states

    @property
    def metrics(self) -> MetricsRepository:
        return self._inner.metrics

    @property
    def insights(self) -> InsightRepository:
        return self._inner.insights

    @property
    def webhook_events(self) -> WebhookEventLog:
        return self._inner.webhook_events

    @property
    def api_keys(self) -> ApiKeyRepository:
        return self._inner.api_keys

    @property
    def idempotency(self) -> IdempotencyStore:
        return self._inner.idempotency

    @property
    def business_connections(self) -> BusinessConnectionRepository:
        return self._inner.business_connections

    @property
    def business_metrics(self) -> BusinessMetricsRepository:
        return self._inner.business_metrics

    @property
    def comments(self) -> CommentRepository:
        return self._inner.comments

    @property
    def reply_intents(self) -> ReplyIntentRepository:
        return self._inner.reply_intents

    @property
    def alerts(self) -> AlertLog:
        return self._inner.alerts

    @property
    def outbox(self) -> Outbox:
        return self._inner.outbox

    @property
    def webhook_endpoints(self) -> WebhookEndpointRepository:
        return self._inner.webhook_endpoints

    @property
    def return_origins(self) -> ReturnOriginRepository:
        return self._inner.return_origins

    @property
    def sync_jobs(self) -> SyncJobRepository:
        return self._inner.sync_jobs

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

    def __call__(self) -> ObservedUnitOfWork:
        return ObservedUnitOfWork(self.inner(), self.telemetry)
