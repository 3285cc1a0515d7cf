"""Repositories and the unit of work that binds them to one transaction."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime, timedelta
from types import TracebackType
from typing import Protocol, Self

import attrs

from application.ports.business_repositories import (
    BusinessConnectionRepository,
    BusinessMetricsRepository,
    CommentRepository,
    ReplyIntentRepository,
)
from application.ports.notifier import AlertLog
from application.ports.outgoing import Outbox, WebhookEndpointRepository
from application.ports.sync_jobs import SyncJobRepository
from domain.api_key import ApiKey
from domain.channel import Channel
from domain.insights import ChannelInsight, VideoSnapshot
from domain.metrics import AccountSnapshot
from domain.oauth_state import OAuthState
from domain.post_state import PostStatus
from domain.social_post import SocialPost


@attrs.frozen
class PostFilter:
    organisation_id: str
    status: PostStatus | None = None
    channel_id: str | None = None
    limit: int = 50
    after_id: str | None = None  # keyset paging: posts created after this one


@attrs.frozen
class NearbyPosts:
    """Posts of one channel that count against TikTok's per-creator caps around a time:
    scheduled within ``within`` of ``around`` with the same publish method (inbox or not),
    and, for inbox, the uploads still waiting in the creator's inbox."""

    channel_id: str
    around: datetime
    within: timedelta
    inbox: bool
    excluding: str  # the post being scheduled


class PostRepository(Protocol):
    async def add(self, post: SocialPost) -> SocialPost:
        """Insert a new post; returns it with version 1."""
        ...

    async def get(self, post_id: str) -> SocialPost:
        """Raises NotFound."""
        ...

    async def save(self, post: SocialPost) -> SocialPost:
        """Store changes and new events; raises Conflict if the stored version moved on."""
        ...

    async def list(self, query: PostFilter) -> Sequence[SocialPost]: ...

    async def find_by_publish_id(self, publish_id: str) -> SocialPost | None: ...

    async def posted_as(self, organisation_id: str, video_ids: Sequence[str]) -> dict[str, str]:
        """Which of these TikTok videos the organisation's posts became: video id -> post id."""
        ...

    async def count_near(self, query: NearbyPosts) -> int:
        """How many posts count against the channel's caps (a count, no posts loaded)."""
        ...

    async def app_cap_until(self, *, now: datetime) -> datetime | None:
        """The latest retry time of posts deferred by the app-wide active-user cap, if
        one is still ahead of ``now`` (the cap is in force until then)."""
        ...

    async def count_by_status(self) -> dict[PostStatus, int]:
        """How many posts are in each state, across organisations (for monitoring)."""
        ...

    async def claim_due(
        self, *, now: datetime, worker_id: str, lease_for: timedelta, limit: int
    ) -> Sequence[str]:
        """Lease scheduled posts whose next attempt has come, and return their ids in due
        order; no two workers get the same post while its lease lasts, and posts of a
        channel another worker is publishing for wait (TikTok's limits are per token).
        The publisher loads each post in its own unit of work."""
        ...

    async def reclaim_lapsed(
        self, *, now: datetime, worker_id: str, lease_for: timedelta, limit: int
    ) -> Sequence[str]:
        """Lease posts left in publishing by a worker whose lease lapsed (it crashed), so
        another worker can recover them. Run less often than claim_due."""
        ...

    async def release(self, post_id: str, worker_id: str) -> None:
        """Give a lease back (no-op if another worker holds it now)."""
        ...

    async def extend_lease(self, post_id: str, worker_id: str, until: datetime) -> bool:
        """Keep a lease while still working on the post: True if ``worker_id`` holds it (now
        until ``until``), False if another worker took it (the work must stop)."""
        ...

    async def due_for_tracking(self, *, now: datetime, limit: int) -> Sequence[SocialPost]:
        """Posts in publishing with a publish id whose next status check is due."""
        ...


class ChannelRepository(Protocol):
    async def add(self, channel: Channel) -> Channel: ...

    async def get(self, channel_id: str) -> Channel:
        """Raises NotFound."""
        ...

    async def get_for_update(self, channel_id: str) -> Channel:
        """Like get, and holds the channel's lock until the unit of work ends."""
        ...

    async def find_by_open_id(self, organisation_id: str, open_id: str) -> Channel | None: ...

    async def list(self, organisation_id: str) -> Sequence[Channel]: ...

    async def with_open_id(self, open_id: str) -> Sequence[Channel]:
        """Every organisation's channel for this TikTok account (webhooks carry no org)."""
        ...

    async def connected(self) -> Sequence[Channel]:
        """Every connected channel of every organisation (the workers' round)."""
        ...

    async def needing_refresh(self, *, before: datetime) -> Sequence[Channel]:
        """Connected channels whose access token expires before ``before``."""
        ...

    async def save(self, channel: Channel) -> Channel:
        """Raises Conflict if the stored version moved on."""
        ...

    async def disconnected_before(self, before: datetime) -> Sequence[Channel]:
        """Channels disconnected before ``before`` (their TikTok data is due for purging)."""
        ...


class OAuthStateRepository(Protocol):
    async def add(self, state: OAuthState) -> None: ...

    async def take(self, state: str) -> OAuthState | None:
        """Remove and return the state: a second take of the same value returns None."""
        ...


class MetricsRepository(Protocol):
    async def add_video_snapshots(self, snapshots: Sequence[VideoSnapshot]) -> None: ...

    async def video_snapshots(self, channel_id: str, *, since: datetime) -> Sequence[VideoSnapshot]:
        """Snapshots of videos published since ``since``, oldest first."""
        ...

    async def snapshots_of_videos(
        self, channel_id: str, video_ids: Sequence[str]
    ) -> Sequence[VideoSnapshot]:
        """Every snapshot of these videos, oldest first (a post's metrics over time)."""
        ...

    async def add_account_snapshot(self, snapshot: AccountSnapshot) -> None: ...

    async def account_snapshots(
        self, channel_id: str, *, since: datetime
    ) -> Sequence[AccountSnapshot]: ...

    async def purge_channel(self, channel_id: str) -> int:
        """Delete every snapshot of the channel; returns how many rows went."""
        ...


class InsightRepository(Protocol):
    async def add(self, insight: ChannelInsight) -> None: ...

    async def latest(self, channel_id: str) -> ChannelInsight | None: ...

    async def purge_channel(self, channel_id: str) -> int: ...


class WebhookEventLog(Protocol):
    async def remember(self, event_key: str, *, received_at: datetime) -> bool:
        """Record an event's identity; False if it was seen before (a duplicate)."""
        ...


class ApiKeyRepository(Protocol):
    async def add(self, key: ApiKey) -> None: ...

    async def find(self, key_id: str) -> ApiKey | None: ...

    async def list(self, organisation_id: str) -> Sequence[ApiKey]: ...

    async def save(self, key: ApiKey) -> None: ...


@attrs.frozen
class StoredResponse:
    """The first answer given for an idempotency key; ``status`` 0 while it runs."""

    fingerprint: str
    status: int
    body: str
    created_at: datetime


class IdempotencyStore(Protocol):
    async def reserve(
        self, organisation_id: str, key: str, *, fingerprint: str, now: datetime
    ) -> StoredResponse | None:
        """Claim the key for a first request (None), or return what is stored for it."""
        ...

    async def complete(self, organisation_id: str, key: str, *, status: int, body: str) -> None: ...

    async def release(self, organisation_id: str, key: str) -> None:
        """Forget a reservation whose request did not finish, so it can be sent again."""
        ...

    async def purge(self, *, before: datetime) -> int: ...


class ReturnOriginRepository(Protocol):
    """The origins an organisation allows as OAuth return URLs (ADR 0019)."""

    async def get(self, organisation_id: str) -> tuple[str, ...]: ...

    async def replace(self, organisation_id: str, origins: Sequence[str]) -> None: ...


class UnitOfWork(Protocol):
    """One transaction's repositories. Declared as read-only properties so that mypy holds
    every implementation to them (a plain attribute would have to match invariantly);
    ``entrypoints/port_conformance.py`` lists the implementations."""

    @property
    def posts(self) -> PostRepository: ...
    @property
    def channels(self) -> ChannelRepository: ...
    @property
    def oauth_states(self) -> OAuthStateRepository: ...
    @property
    def metrics(self) -> MetricsRepository: ...
    @property
    def insights(self) -> InsightRepository: ...
    @property
    def webhook_events(self) -> WebhookEventLog: ...
    @property
    def api_keys(self) -> ApiKeyRepository: ...
    @property
    def idempotency(self) -> IdempotencyStore: ...
    @property
    def business_connections(self) -> BusinessConnectionRepository: ...
    @property
    def business_metrics(self) -> BusinessMetricsRepository: ...
    @property
    def comments(self) -> CommentRepository: ...
    @property
    def reply_intents(self) -> ReplyIntentRepository: ...
    @property
    def alerts(self) -> AlertLog: ...
    @property
    def outbox(self) -> Outbox: ...
    @property
    def sync_jobs(self) -> SyncJobRepository: ...
    @property
    def webhook_endpoints(self) -> WebhookEndpointRepository: ...
    @property
    def return_origins(self) -> ReturnOriginRepository: ...

    async def __aenter__(self) -> Self: ...

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        """Rolls back whatever was not committed."""
        ...

    async def commit(self) -> None: ...

    async def rollback(self) -> None: ...


UnitOfWorkFactory = Callable[[], UnitOfWork]
