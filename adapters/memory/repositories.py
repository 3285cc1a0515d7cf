"""In-memory repositories, each bound to one MemoryUnitOfWork."""

from __future__ import annotations

import builtins
from collections import Counter
from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, TypeVar

import attrs

from adapters.memory.store import Lease
from application.errors import Conflict, NotFound
from application.ports import NearbyPosts, PostFilter, StoredResponse
from domain import outgoing_events as outgoing
from domain.api_key import ApiKey
from domain.caps import APP_USER_CAP
from domain.channel import Channel, ChannelStatus
from domain.insights import ChannelInsight, VideoSnapshot
from domain.metrics import AccountSnapshot
from domain.oauth_state import OAuthState
from domain.post_content import PublishMethod
from domain.post_state import PostStatus, Tracking
from domain.social_post import SocialPost

if TYPE_CHECKING:
    from adapters.memory.unit_of_work import MemoryUnitOfWork

Row = TypeVar("Row", SocialPost, Channel)


def _versioned_save(uow: MemoryUnitOfWork, current: Row | None, row: Row, kind: str) -> None:
    """Optimistic locking, as the Postgres adapter's ``WHERE version = $n`` (checked again
    against the version this unit of work first wrote over, at commit)."""
    if current is None:
        raise NotFound(kind, row.id)
    if current.version != row.version:
        raise Conflict(f"{kind} {row.id} was changed by someone else")
    uow.pending.read_versions.setdefault(f"{kind}:{row.id}", row.version)


@attrs.define
class MemoryPostRepository:
    uow: MemoryUnitOfWork

    def _all(self) -> dict[str, SocialPost]:
        return {**self.uow.store.posts, **self.uow.pending.posts}

    async def add(self, post: SocialPost) -> SocialPost:
        if post.id in self._all():
            raise Conflict(f"post {post.id} exists already")
        stored = post.stored(version=1)
        self.uow.pending.posts[post.id] = stored
        self.uow.pending.new_posts.add(post.id)
        await self.uow.outbox.add(outgoing.for_post(post))
        return stored

    async def get(self, post_id: str) -> SocialPost:
        post = self._all().get(post_id)
        if post is None:
            raise NotFound("post", post_id)
        return post

    async def save(self, post: SocialPost) -> SocialPost:
        """The stored trail plus the events new since the post was loaded."""
        current = self._all().get(post.id)
        _versioned_save(self.uow, current, post, "post")
        assert current is not None
        stored = attrs.evolve(post, events=(*current.events, *post.new_events))
        stored = stored.stored(version=post.version + 1)
        self.uow.pending.posts[post.id] = stored
        await self.uow.outbox.add(outgoing.for_post(post))
        return stored

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

    async def posted_as(self, organisation_id: str, video_ids: Sequence[str]) -> dict[str, str]:
        wanted = set(video_ids)
        return {
            video_id: p.id
            for p in self._all().values()
            if p.organisation_id == organisation_id
            for video_id in p.tiktok_post_ids
            if video_id in wanted
        }

    async def find_by_publish_id(self, publish_id: str) -> SocialPost | None:
        return next((p for p in self._all().values() if p.publish_id == publish_id), None)

    async def count_near(self, query: NearbyPosts) -> int:
        def counts(p: SocialPost) -> bool:
            if p.channel_id != query.channel_id or p.id == query.excluding:
                return False
            inbox = p.settings.publish_method is PublishMethod.INBOX
            if inbox is not query.inbox:
                return False
            if query.inbox and p.tracking is Tracking.SENT_TO_INBOX:
                return p.status is PostStatus.PUBLISHING
            return (
                p.status is PostStatus.SCHEDULED
                and p.scheduled_at is not None
                and abs(p.scheduled_at - query.around) < query.within
            )

        return sum(1 for p in self._all().values() if counts(p))

    async def app_cap_until(self, *, now: datetime) -> datetime | None:
        return max(
            (
                p.next_attempt_at
                for p in self._all().values()
                if p.status is PostStatus.SCHEDULED
                and p.failure is not None
                and p.failure.code == APP_USER_CAP
                and p.next_attempt_at is not None
                and p.next_attempt_at > now
            ),
            default=None,
        )

    async def count_by_status(self) -> dict[PostStatus, int]:
        return dict(Counter(p.status for p in self._all().values()))

    async def claim_due(
        self, *, now: datetime, worker_id: str, lease_for: timedelta, limit: int
    ) -> Sequence[str]:
        leases = self.uow.store.leases
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
    ) -> builtins.list[str]:
        leases = self.uow.store.leases
        claimed: builtins.list[str] = []
        for post in sorted(self._all().values(), key=order or _due_order):
            if len(claimed) >= limit:
                break
            lease = leases.get(post.id)
            if (lease is not None and lease.until > now) or not wanted(post, lease):
                continue
            self.uow.pending.leases_taken.setdefault(post.id, lease)
            leases[post.id] = Lease(worker_id, now + lease_for)
            claimed.append(post.id)
        return claimed

    async def release(self, post_id: str, worker_id: str) -> None:
        lease = self.uow.store.leases.get(post_id)
        if lease is not None and lease.worker_id == worker_id:
            self.uow.pending.leases_taken.setdefault(post_id, lease)
            del self.uow.store.leases[post_id]

    async def extend_lease(self, post_id: str, worker_id: str, until: datetime) -> bool:
        lease = self.uow.store.leases.get(post_id)
        if lease is None or lease.worker_id != worker_id:
            return False
        self.uow.pending.leases_taken.setdefault(post_id, lease)
        self.uow.store.leases[post_id] = Lease(worker_id, until)
        return True

    async def due_for_tracking(self, *, now: datetime, limit: int) -> Sequence[SocialPost]:
        rows = [
            p
            for p in self._all().values()
            if p.status is PostStatus.PUBLISHING
            and (p.publish_id is not None or p.tracking is Tracking.RECONCILING)
            and p.tracking is not Tracking.UNCONFIRMED
            and p.next_attempt_at is not None
            and p.next_attempt_at <= now
            and p.id not in self.uow.store.leases
        ]
        return sorted(rows, key=_due_order)[:limit]


def _due_order(post: SocialPost) -> tuple[datetime, str]:
    return (post.next_attempt_at or post.created_at, post.id)


@attrs.define
class MemoryChannelRepository:
    uow: MemoryUnitOfWork

    def _all(self) -> dict[str, Channel]:
        return {**self.uow.store.channels, **self.uow.pending.channels}

    async def add(self, channel: Channel) -> Channel:
        if await self.find_by_open_id(channel.organisation_id, channel.open_id):
            raise Conflict(f"TikTok account {channel.open_id} is connected already")
        if channel.id in self._all():
            raise Conflict(f"channel {channel.id} exists already")
        stored = attrs.evolve(channel, version=1)
        self.uow.pending.channels[channel.id] = stored
        self.uow.pending.new_channels.add(channel.id)
        await self.uow.outbox.add(outgoing.for_channel(None, channel))
        return stored

    async def get(self, channel_id: str) -> Channel:
        channel = self._all().get(channel_id)
        if channel is None:
            raise NotFound("channel", channel_id)
        return channel

    async def save(self, channel: Channel) -> Channel:
        current = self._all().get(channel.id)
        _versioned_save(self.uow, current, channel, "channel")
        stored = attrs.evolve(channel, version=channel.version + 1)
        self.uow.pending.channels[channel.id] = stored
        await self.uow.outbox.add(
            outgoing.for_channel(current.status if current else None, channel)
        )
        return stored

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


@attrs.define
class MemoryOAuthStateRepository:
    uow: MemoryUnitOfWork

    async def add(self, state: OAuthState) -> None:
        if (
            state.state in self.uow.store.oauth_states
            or state.state in self.uow.pending.oauth_added
        ):
            raise Conflict("OAuth state exists already")
        self.uow.pending.oauth_added[state.state] = state

    async def take(self, state: str) -> OAuthState | None:
        if state in self.uow.pending.oauth_added:
            return self.uow.pending.oauth_added.pop(state)
        if state in self.uow.pending.oauth_taken or state not in self.uow.store.oauth_states:
            return None
        self.uow.pending.oauth_taken.add(state)
        return self.uow.store.oauth_states[state]


@attrs.define
class MemoryMetricsRepository:
    uow: MemoryUnitOfWork

    async def add_video_snapshots(self, snapshots: Sequence[VideoSnapshot]) -> None:
        self.uow.pending.video_snapshots.extend(snapshots)

    async def video_snapshots(self, channel_id: str, *, since: datetime) -> Sequence[VideoSnapshot]:
        if channel_id in self.uow.pending.purged_metrics:
            return []
        rows = [
            s
            for s in (*self.uow.store.video_snapshots, *self.uow.pending.video_snapshots)
            if s.channel_id == channel_id and s.published_at >= since
        ]
        return sorted(rows, key=lambda s: (s.captured_at, s.video_id))

    async def snapshots_of_videos(
        self, channel_id: str, video_ids: Sequence[str]
    ) -> Sequence[VideoSnapshot]:
        wanted = set(video_ids)
        rows = await self.video_snapshots(channel_id, since=datetime.min.replace(tzinfo=UTC))
        return [s for s in rows if s.video_id in wanted]

    async def add_account_snapshot(self, snapshot: AccountSnapshot) -> None:
        self.uow.pending.account_snapshots.append(snapshot)

    async def account_snapshots(
        self, channel_id: str, *, since: datetime
    ) -> Sequence[AccountSnapshot]:
        if channel_id in self.uow.pending.purged_metrics:
            return []
        rows = [
            s
            for s in (*self.uow.store.account_snapshots, *self.uow.pending.account_snapshots)
            if s.channel_id == channel_id and s.captured_at >= since
        ]
        return sorted(rows, key=lambda s: s.captured_at)

    async def purge_channel(self, channel_id: str) -> int:
        """Applied on commit, like every write."""
        gone = len(await self.video_snapshots(channel_id, since=datetime.min.replace(tzinfo=UTC)))
        gone += len(
            await self.account_snapshots(channel_id, since=datetime.min.replace(tzinfo=UTC))
        )
        self.uow.pending.purged_metrics.add(channel_id)
        return gone


@attrs.define
class MemoryInsightRepository:
    uow: MemoryUnitOfWork

    async def add(self, insight: ChannelInsight) -> None:
        self.uow.pending.insights.append(insight)

    async def latest(self, channel_id: str) -> ChannelInsight | None:
        if channel_id in self.uow.pending.purged_insights:
            return None
        rows = [
            i
            for i in (*self.uow.store.insights, *self.uow.pending.insights)
            if i.channel_id == channel_id
        ]
        return max(rows, key=lambda i: i.computed_at, default=None)

    async def purge_channel(self, channel_id: str) -> int:
        gone = sum(
            1
            for i in (*self.uow.store.insights, *self.uow.pending.insights)
            if i.channel_id == channel_id and channel_id not in self.uow.pending.purged_insights
        )
        self.uow.pending.purged_insights.add(channel_id)
        return gone


@attrs.define
class MemoryWebhookEventLog:
    uow: MemoryUnitOfWork

    async def remember(self, event_key: str, *, received_at: datetime) -> bool:
        if (
            event_key in self.uow.store.webhook_events
            or event_key in self.uow.pending.webhook_events
        ):
            return False
        self.uow.pending.webhook_events[event_key] = received_at
        return True


@attrs.define
class MemoryApiKeyRepository:
    uow: MemoryUnitOfWork

    async def add(self, key: ApiKey) -> None:
        if key.id in self.uow.store.api_keys or key.id in self.uow.pending.api_keys:
            raise Conflict(f"API key {key.id} exists already")
        self.uow.pending.api_keys[key.id] = key

    async def find(self, key_id: str) -> ApiKey | None:
        return self.uow.pending.api_keys.get(key_id) or self.uow.store.api_keys.get(key_id)

    async def list(self, organisation_id: str) -> Sequence[ApiKey]:
        keys = {**self.uow.store.api_keys, **self.uow.pending.api_keys}
        return sorted(
            (k for k in keys.values() if k.organisation_id == organisation_id),
            key=lambda k: (k.created_at, k.id),
        )

    async def save(self, key: ApiKey) -> None:
        self.uow.pending.api_keys[key.id] = key


@attrs.define
class MemoryIdempotencyStore:
    uow: MemoryUnitOfWork

    """Reservations act at once (like a unique row insert); answers on commit."""

    async def reserve(
        self, organisation_id: str, key: str, *, fingerprint: str, now: datetime
    ) -> StoredResponse | None:
        found = self.uow.store.idempotency.get((organisation_id, key))
        if found is not None:
            return found
        self.uow.store.idempotency[(organisation_id, key)] = StoredResponse(fingerprint, 0, "", now)
        return None

    async def complete(self, organisation_id: str, key: str, *, status: int, body: str) -> None:
        found = self.uow.store.idempotency[(organisation_id, key)]
        self.uow.store.idempotency[(organisation_id, key)] = attrs.evolve(
            found, status=status, body=body
        )

    async def release(self, organisation_id: str, key: str) -> None:
        found = self.uow.store.idempotency.get((organisation_id, key))
        if found is not None and found.status == 0:
            del self.uow.store.idempotency[(organisation_id, key)]

    async def purge(self, *, before: datetime) -> int:
        old = [k for k, v in self.uow.store.idempotency.items() if v.created_at < before]
        for k in old:
            del self.uow.store.idempotency[k]
        return len(old)


@attrs.define
class MemoryReturnOriginRepository:
    uow: MemoryUnitOfWork

    async def get(self, organisation_id: str) -> tuple[str, ...]:
        pending = self.uow.pending.return_origins.get(organisation_id)
        if pending is not None:
            return pending
        return self.uow.store.return_origins.get(organisation_id, ())

    async def replace(self, organisation_id: str, origins: Sequence[str]) -> None:
        self.uow.pending.return_origins[organisation_id] = tuple(origins)
