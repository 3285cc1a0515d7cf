"""In-memory repositories, each bound to one MemoryUnitOfWork."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Generic, TypeVar

import attrs

from adapters.memory.store import Lease
from application.errors import Conflict, NotFound
from application.ports import PostFilter, StoredResponse
from domain.api_key import ApiKey
from domain.channel import Channel, ChannelStatus
from domain.insights import ChannelInsight, VideoSnapshot
from domain.metrics import AccountSnapshot
from domain.oauth_state import OAuthState
from domain.post_state import PostStatus, Tracking
from domain.social_post import SocialPost

if TYPE_CHECKING:
    from adapters.memory.unit_of_work import MemoryUnitOfWork

Row = TypeVar("Row", SocialPost, Channel)


class _Bound:
    def __init__(self, uow: MemoryUnitOfWork) -> None:
        self.uow = uow

    @property
    def _store(self):  # type: ignore[no-untyped-def]
        return self.uow.store

    @property
    def _pending(self):  # type: ignore[no-untyped-def]
        return self.uow.pending


class _Versioned(_Bound, Generic[Row]):
    """Insert, get and optimistic-locking save over one table of versioned rows."""

    kind: str

    def _committed(self) -> dict[str, Row]:
        raise NotImplementedError

    def _written(self) -> dict[str, Row]:
        raise NotImplementedError

    def _inserted(self) -> set[str]:
        raise NotImplementedError

    def _all(self) -> dict[str, Row]:
        return {**self._committed(), **self._written()}

    def _insert(self, row: Row) -> Row:
        if row.id in self._all():
            raise Conflict(f"{self.kind} {row.id} exists already")
        stored = attrs.evolve(row, version=1)
        self._written()[row.id] = stored
        self._inserted().add(row.id)
        return stored

    async def get(self, key: str) -> Row:
        row = self._all().get(key)
        if row is None:
            raise NotFound(self.kind, key)
        return row

    async def save(self, row: Row) -> Row:
        current = self._all().get(row.id)
        if current is None:
            raise NotFound(self.kind, row.id)
        if current.version != row.version:
            raise Conflict(f"{self.kind} {row.id} was changed by someone else")
        stored = attrs.evolve(row, version=row.version + 1)
        self._written()[row.id] = stored
        return stored


class MemoryPostRepository(_Versioned[SocialPost]):
    kind = "post"

    def _committed(self) -> dict[str, SocialPost]:
        return self._store.posts  # type: ignore[no-any-return]

    def _written(self) -> dict[str, SocialPost]:
        return self._pending.posts  # type: ignore[no-any-return]

    def _inserted(self) -> set[str]:
        return self._pending.new_posts  # type: ignore[no-any-return]

    async def add(self, post: SocialPost) -> SocialPost:
        return self._insert(post)

    async def list(self, query: PostFilter) -> Sequence[SocialPost]:
        rows = sorted(self._all().values(), key=lambda p: (p.created_at, p.id))
        rows = [
            p
            for p in rows
            if p.organisation_id == query.organisation_id
            and (query.status is None or p.status is query.status)
            and (query.channel_id is None or p.channel_id == query.channel_id)
        ]
        if query.after_id is not None:
            ids = [p.id for p in rows]
            rows = rows[ids.index(query.after_id) + 1 :] if query.after_id in ids else []
        return rows[: query.limit]

    async def find_by_publish_id(self, publish_id: str) -> SocialPost | None:
        return next((p for p in self._all().values() if p.publish_id == publish_id), None)

    async def count_by_status(self) -> dict[PostStatus, int]:
        return dict(Counter(p.status for p in self._all().values()))

    async def claim_due(
        self, *, now: datetime, worker_id: str, lease_for: timedelta, limit: int
    ) -> Sequence[str]:
        leases = self._store.leases
        busy = {
            p.channel_id
            for p in self._all().values()
            if p.status is PostStatus.PUBLISHING
            and p.id in leases
            and leases[p.id].worker_id != worker_id
            and leases[p.id].until > now
        }
        free = [
            p
            for p in sorted(self._all().values(), key=_due_order)
            if p.is_due(now)
            and p.channel_id not in busy
            and (p.id not in leases or leases[p.id].until <= now)
        ]
        ranked = list(dict.fromkeys(p.channel_id for p in free[:limit]))  # due order
        rank = {channel: i for i, channel in enumerate(ranked)}
        return self._lease(
            lambda post, lease: post.is_due(now) and post.channel_id in rank,
            now,
            worker_id,
            lease_for,
            limit,
            order=lambda p: (rank.get(p.channel_id, len(rank)), *_due_order(p)),
        )

    async def reclaim_lapsed(
        self, *, now: datetime, worker_id: str, lease_for: timedelta, limit: int
    ) -> Sequence[str]:
        return self._lease(
            lambda post, lease: post.status is PostStatus.PUBLISHING and lease is not None,
            now,
            worker_id,
            lease_for,
            limit,
        )

    def _lease(
        self,
        wanted: Callable[[SocialPost, Lease | None], bool],
        now: datetime,
        worker_id: str,
        lease_for: timedelta,
        limit: int,
        order: Callable[[SocialPost], tuple[object, ...]] | None = None,
    ) -> list[str]:
        leases = self._store.leases
        claimed: list[str] = []
        for post in sorted(self._all().values(), key=order or _due_order):
            if len(claimed) >= limit:
                break
            lease = leases.get(post.id)
            if (lease is not None and lease.until > now) or not wanted(post, lease):
                continue
            self._pending.leases_taken.setdefault(post.id, lease)
            leases[post.id] = Lease(worker_id, now + lease_for)
            claimed.append(post.id)
        return claimed

    async def release(self, post_id: str, worker_id: str) -> None:
        lease = self._store.leases.get(post_id)
        if lease is not None and lease.worker_id == worker_id:
            self._pending.leases_taken.setdefault(post_id, lease)
            del self._store.leases[post_id]

    async def due_for_tracking(self, *, now: datetime, limit: int) -> Sequence[SocialPost]:
        rows = [
            p
            for p in self._all().values()
            if p.status is PostStatus.PUBLISHING
            and (p.publish_id is not None or p.tracking is Tracking.RECONCILING)
            and p.tracking is not Tracking.UNCONFIRMED
            and p.next_attempt_at is not None
            and p.next_attempt_at <= now
            and p.id not in self._store.leases
        ]
        return sorted(rows, key=_due_order)[:limit]


def _due_order(post: SocialPost) -> tuple[datetime, str]:
    return (post.next_attempt_at or post.created_at, post.id)


class MemoryChannelRepository(_Versioned[Channel]):
    kind = "channel"

    def _committed(self) -> dict[str, Channel]:
        return self._store.channels  # type: ignore[no-any-return]

    def _written(self) -> dict[str, Channel]:
        return self._pending.channels  # type: ignore[no-any-return]

    def _inserted(self) -> set[str]:
        return self._pending.new_channels  # type: ignore[no-any-return]

    async def add(self, channel: Channel) -> Channel:
        if await self.find_by_open_id(channel.organisation_id, channel.open_id):
            raise Conflict(f"TikTok account {channel.open_id} is connected already")
        return self._insert(channel)

    async def get_for_update(self, channel_id: str) -> Channel:
        await self.get(channel_id)
        await self.uow.lock_channel(channel_id)
        return await self.get(channel_id)

    async def find_by_open_id(self, organisation_id: str, open_id: str) -> Channel | None:
        return next(
            (
                c
                for c in self._all().values()
                if c.organisation_id == organisation_id and c.open_id == open_id
            ),
            None,
        )

    async def list(self, organisation_id: str) -> Sequence[Channel]:
        return sorted(
            (c for c in self._all().values() if c.organisation_id == organisation_id),
            key=lambda c: (c.connected_at, c.id),
        )

    async def with_open_id(self, open_id: str) -> Sequence[Channel]:
        return sorted((c for c in self._all().values() if c.open_id == open_id), key=lambda c: c.id)

    async def connected(self) -> Sequence[Channel]:
        return sorted(
            (c for c in self._all().values() if c.status is ChannelStatus.CONNECTED),
            key=lambda c: c.id,
        )

    async def disconnected_before(self, before: datetime) -> Sequence[Channel]:
        return sorted(
            (
                c
                for c in self._all().values()
                if c.status is ChannelStatus.DISCONNECTED
                and c.status_changed_at is not None
                and c.status_changed_at < before
            ),
            key=lambda c: c.id,
        )

    async def needing_refresh(self, *, before: datetime) -> Sequence[Channel]:
        return sorted(
            (
                c
                for c in self._all().values()
                if c.status is ChannelStatus.CONNECTED
                and c.tokens is not None
                and c.tokens.access_expires_at < before
            ),
            key=lambda c: (c.tokens.access_expires_at if c.tokens else before, c.id),
        )


class MemoryOAuthStateRepository(_Bound):
    async def add(self, state: OAuthState) -> None:
        if state.state in self._store.oauth_states or state.state in self._pending.oauth_added:
            raise Conflict("OAuth state exists already")
        self._pending.oauth_added[state.state] = state

    async def take(self, state: str) -> OAuthState | None:
        if state in self._pending.oauth_added:
            return self._pending.oauth_added.pop(state)
        if state in self._pending.oauth_taken or state not in self._store.oauth_states:
            return None
        self._pending.oauth_taken.add(state)
        return self._store.oauth_states[state]


class MemoryMetricsRepository(_Bound):
    async def add_video_snapshots(self, snapshots: Sequence[VideoSnapshot]) -> None:
        self._pending.video_snapshots.extend(snapshots)

    async def video_snapshots(self, channel_id: str, *, since: datetime) -> Sequence[VideoSnapshot]:
        if channel_id in self._pending.purged_metrics:
            return []
        rows = [
            s
            for s in (*self._store.video_snapshots, *self._pending.video_snapshots)
            if s.channel_id == channel_id and s.published_at >= since
        ]
        return sorted(rows, key=lambda s: (s.captured_at, s.video_id))

    async def add_account_snapshot(self, snapshot: AccountSnapshot) -> None:
        self._pending.account_snapshots.append(snapshot)

    async def account_snapshots(
        self, channel_id: str, *, since: datetime
    ) -> Sequence[AccountSnapshot]:
        if channel_id in self._pending.purged_metrics:
            return []
        rows = [
            s
            for s in (*self._store.account_snapshots, *self._pending.account_snapshots)
            if s.channel_id == channel_id and s.captured_at >= since
        ]
        return sorted(rows, key=lambda s: s.captured_at)

    async def purge_channel(self, channel_id: str) -> int:
        """Applied on commit, like every write."""
        gone = len(await self.video_snapshots(channel_id, since=datetime.min.replace(tzinfo=UTC)))
        gone += len(
            await self.account_snapshots(channel_id, since=datetime.min.replace(tzinfo=UTC))
        )
        self._pending.purged_metrics.add(channel_id)
        return gone


class MemoryInsightRepository(_Bound):
    async def add(self, insight: ChannelInsight) -> None:
        self._pending.insights.append(insight)

    async def latest(self, channel_id: str) -> ChannelInsight | None:
        if channel_id in self._pending.purged_insights:
            return None
        rows = [
            i
            for i in (*self._store.insights, *self._pending.insights)
            if i.channel_id == channel_id
        ]
        return max(rows, key=lambda i: i.computed_at, default=None)

    async def purge_channel(self, channel_id: str) -> int:
        gone = sum(
            1
            for i in (*self._store.insights, *self._pending.insights)
            if i.channel_id == channel_id and channel_id not in self._pending.purged_insights
        )
        self._pending.purged_insights.add(channel_id)
        return gone


class MemoryWebhookEventLog(_Bound):
    async def remember(self, event_key: str, *, received_at: datetime) -> bool:
        if event_key in self._store.webhook_events or event_key in self._pending.webhook_events:
            return False
        self._pending.webhook_events[event_key] = received_at
        return True


class MemoryApiKeyRepository(_Bound):
    async def add(self, key: ApiKey) -> None:
        if key.id in self._store.api_keys or key.id in self._pending.api_keys:
            raise Conflict(f"API key {key.id} exists already")
        self._pending.api_keys[key.id] = key

    async def find(self, key_id: str) -> ApiKey | None:
        return self._pending.api_keys.get(key_id) or self._store.api_keys.get(key_id)

    async def list(self, organisation_id: str) -> Sequence[ApiKey]:
        keys = {**self._store.api_keys, **self._pending.api_keys}
        return sorted(
            (k for k in keys.values() if k.organisation_id == organisation_id),
            key=lambda k: (k.created_at, k.id),
        )

    async def save(self, key: ApiKey) -> None:
        self._pending.api_keys[key.id] = key


class MemoryIdempotencyStore(_Bound):
    """Reservations act at once (like a unique row insert); answers on commit."""

    async def reserve(
        self, organisation_id: str, key: str, *, fingerprint: str, now: datetime
    ) -> StoredResponse | None:
        found = self._store.idempotency.get((organisation_id, key))
        if found is not None:
            return found
        self._store.idempotency[(organisation_id, key)] = StoredResponse(fingerprint, 0, "", now)
        return None

    async def complete(self, organisation_id: str, key: str, *, status: int, body: str) -> None:
        found = self._store.idempotency[(organisation_id, key)]
        self._store.idempotency[(organisation_id, key)] = attrs.evolve(
            found, status=status, body=body
        )

    async def release(self, organisation_id: str, key: str) -> None:
        found = self._store.idempotency.get((organisation_id, key))
        if found is not None and found.status == 0:
            del self._store.idempotency[(organisation_id, key)]

    async def purge(self, *, before: datetime) -> int:
        old = [k for k, v in self._store.idempotency.items() if v.created_at < before]
        for k in old:
            del self._store.idempotency[k]
        return len(old)
