"""A unit of work over MemoryStore: reads see its own writes, commit applies them at once.

Writes are buffered and checked against the committed versions at commit (optimistic
locking, as the Postgres adapter does with ``WHERE version = $n``); leases taken by
``claim_due`` and channel locks taken by ``get_for_update`` act at once, like row locks.
"""

from __future__ import annotations

import asyncio
from types import TracebackType
from typing import Self

import attrs

from adapters.memory.alert_log import MemoryAlertLog
from adapters.memory.business_repositories import (
    BusinessWork,
    MemoryBusinessConnectionRepository,
    MemoryBusinessMetricsRepository,
    MemoryCommentRepository,
    MemoryReplyIntentRepository,
)
from adapters.memory.outbox import (
    MemoryOutbox,
    MemoryOutboxWrites,
    MemoryWebhookEndpointRepository,
)
from adapters.memory.repositories import (
    MemoryApiKeyRepository,
    MemoryChannelRepository,
    MemoryIdempotencyStore,
    MemoryInsightRepository,
    MemoryMetricsRepository,
    MemoryOAuthStateRepository,
    MemoryPostRepository,
    MemoryReturnOriginRepository,
    MemoryWebhookEventLog,
)
from adapters.memory.store import Lease, MemoryStore
from adapters.memory.sync_jobs import MemorySyncJobRepository
from application.errors import Conflict
from domain.api_key import ApiKey
from domain.channel import Channel
from domain.insights import ChannelInsight, VideoSnapshot
from domain.metrics import AccountSnapshot
from domain.oauth_state import OAuthState
from domain.social_post import SocialPost


@attrs.define
class Pending:
    """What one unit of work has written but not committed."""

    posts: dict[str, SocialPost] = attrs.Factory(dict)
    new_posts: set[str] = attrs.Factory(set)
    channels: dict[str, Channel] = attrs.Factory(dict)
    new_channels: set[str] = attrs.Factory(set)
    read_versions: dict[str, int] = attrs.Factory(dict)  # "kind:id" -> version first saved
    oauth_added: dict[str, OAuthState] = attrs.Factory(dict)
    oauth_taken: set[str] = attrs.Factory(set)
    video_snapshots: list[VideoSnapshot] = attrs.Factory(list)
    account_snapshots: list[AccountSnapshot] = attrs.Factory(list)
    insights: list[ChannelInsight] = attrs.Factory(list)
    webhook_events: dict[str, object] = attrs.Factory(dict)
    leases_taken: dict[str, Lease | None] = attrs.Factory(dict)  # post id -> lease before
    api_keys: dict[str, ApiKey] = attrs.Factory(dict)
    return_origins: dict[str, tuple[str, ...]] = attrs.Factory(dict)
    purged_metrics: set[str] = attrs.Factory(set)
    purged_insights: set[str] = attrs.Factory(set)


class MemoryUnitOfWork:
    def __init__(self, store: MemoryStore) -> None:
        self.store = store
        self.pending = Pending()
        self._locks: list[asyncio.Lock] = []
        self.committed = False
        self.posts = MemoryPostRepository(self)
        self.channels = MemoryChannelRepository(self)
        self.oauth_states = MemoryOAuthStateRepository(self)
        self.metrics = MemoryMetricsRepository(self)
        self.insights = MemoryInsightRepository(self)
        self.webhook_events = MemoryWebhookEventLog(self)
        self.api_keys = MemoryApiKeyRepository(self)
        self.idempotency = MemoryIdempotencyStore(self)
        self.business = BusinessWork(store.business)
        self.business_connections = MemoryBusinessConnectionRepository(self.business)
        self.business_metrics = MemoryBusinessMetricsRepository(self.business)
        self.comments = MemoryCommentRepository(self.business)
        self.reply_intents = MemoryReplyIntentRepository(self.business)
        self.alerts = MemoryAlertLog(self)
        self.sync_jobs = MemorySyncJobRepository(store.sync_jobs)
        self.outgoing_writes = MemoryOutboxWrites()
        self.outbox = MemoryOutbox(store.outgoing, self.outgoing_writes)
        self.webhook_endpoints = MemoryWebhookEndpointRepository(
            store.outgoing, self.outgoing_writes
        )
        self.return_origins = MemoryReturnOriginRepository(self)

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.rollback()

    async def lock_channel(self, channel_id: str) -> None:
        lock = self.store.channel_locks[channel_id]
        if lock in self._locks:
            return
        await lock.acquire()
        self._locks.append(lock)

    async def commit(self) -> None:
        p, s = self.pending, self.store
        self._check_versions(s.posts, p.posts, p.new_posts, "post", p.read_versions)
        self._check_versions(s.channels, p.channels, p.new_channels, "channel", p.read_versions)
        if any(k in s.webhook_events for k in p.webhook_events):
            raise Conflict("webhook event recorded twice")
        if any(state not in s.oauth_states for state in p.oauth_taken):
            raise Conflict("OAuth state already taken")
        self.business.check()
        s.posts.update(p.posts)
        s.channels.update(p.channels)
        for state in p.oauth_taken:
            s.oauth_states.pop(state, None)
        s.oauth_states.update(p.oauth_added)
        s.video_snapshots[:] = [
            x
            for x in (*s.video_snapshots, *p.video_snapshots)
            if x.channel_id not in p.purged_metrics
        ]
        s.account_snapshots[:] = [
            x
            for x in (*s.account_snapshots, *p.account_snapshots)
            if x.channel_id not in p.purged_metrics
        ]
        s.insights[:] = [
            x for x in (*s.insights, *p.insights) if x.channel_id not in p.purged_insights
        ]
        s.api_keys.update(p.api_keys)
        s.return_origins.update(p.return_origins)
        s.webhook_events.update(p.webhook_events)  # type: ignore[arg-type]
        self.business.apply()
        self.outgoing_writes.apply(s.outgoing)
        self.outgoing_writes.clear()
        self.pending = Pending()
        self.committed = True

    async def rollback(self) -> None:
        for post_id, before in self.pending.leases_taken.items():
            if before is None:
                self.store.leases.pop(post_id, None)
            else:
                self.store.leases[post_id] = before
        self.pending = Pending()
        self.business.discard()
        self.outgoing_writes.clear()
        while self._locks:
            self._locks.pop().release()

    @staticmethod
    def _check_versions(
        committed: dict[str, SocialPost] | dict[str, Channel],
        written: dict[str, SocialPost] | dict[str, Channel],
        new: set[str],
        kind: str,
        read_versions: dict[str, int],
    ) -> None:
        for key in written:
            if key in new:
                if key in committed:
                    raise Conflict(f"{kind} {key} exists already")
                continue
            stored = committed.get(key)
            if stored is None or stored.version != read_versions[f"{kind}:{key}"]:
                raise Conflict(f"{kind} {key} was changed by someone else")


def memory_uow_factory(store: MemoryStore) -> MemoryUowFactory:
    return MemoryUowFactory(store)


@attrs.frozen
class MemoryUowFactory:
    store: MemoryStore

    def __call__(self) -> MemoryUnitOfWork:
        return MemoryUnitOfWork(self.store)
