"""Repositories over one asyncpg connection (the unit of work's transaction)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

import asyncpg
import attrs

from adapters.postgres import mapping as m
from adapters.postgres.outbox import record_outgoing
from adapters.postgres.session import PgSession
from application.errors import Conflict, NotFound
from application.ports import NearbyPosts, PostFilter, StoredResponse, TokenCipher
from domain import outgoing_events as outgoing
from domain.api_key import ApiKey
from domain.caps import APP_USER_CAP
from domain.channel import Channel, ChannelStatus
from domain.insights import ChannelInsight, VideoSnapshot
from domain.metrics import AccountSnapshot
from domain.oauth_state import OAuthState
from domain.post_state import PostStatus
from domain.social_post import SocialPost

_PLACEHOLDERS_21 = ", ".join(f"${i}" for i in range(1, 22))
SELECT = f"{m.POST_COLUMNS}, {m.EVENTS_SQL}"
COUNT_ROWS_BEFORE_FOLD = 200
# One folder at a time (the advisory lock); a concurrent trigger's new rows stay for later.
FOLD_COUNTS = (
    "WITH folder AS (SELECT pg_try_advisory_xact_lock(727012) AS mine),"
    " gone AS (DELETE FROM post_status_counts WHERE (SELECT mine FROM folder)"
    " RETURNING status, n)"
    " INSERT INTO post_status_counts (status, n)"
    " SELECT status, sum(n) FROM gone GROUP BY status HAVING sum(n) <> 0"
)
# Claiming due posts, in one round trip:
# - busy: channels another worker is publishing for (live lease on a publishing post,
#   posts_publishing_channel_idx): they wait, so each token's calls stay with one worker;
# - due: channels in due order from channel_due (one row per channel, kept by the triggers
#   of migration 0010: a busy channel costs one row, whatever its backlog), and for each
#   its due posts together (posts_channel_due_idx), so a pass holds a channel's share of
#   its rate window. The nested loop keeps the channels' index order, so the LIMIT stops
#   it early: only the posts taken are read and locked; rows others hold are skipped;
# - the lease is set on those rows by ctid (no index mentions the lease: a HOT update).
CLAIM_DUE = (
    "WITH busy AS ("
    " SELECT channel_id FROM posts WHERE status = 'publishing' AND lease_owner <> $2"
    " AND lease_expires_at > $1),"
    " due AS ("
    " SELECT p.ctid AS row, p.id, d.next_at, d.channel_id, p.next_attempt_at"
    " FROM (SELECT next_at, channel_id FROM channel_due WHERE next_at <= $1"
    "  AND channel_id NOT IN (SELECT channel_id FROM busy)"
    "  ORDER BY next_at, channel_id LIMIT $4) d"
    " CROSS JOIN LATERAL ("
    "  SELECT ctid, id, next_attempt_at FROM posts WHERE posts.channel_id = d.channel_id"
    "  AND status = 'scheduled' AND next_attempt_at <= $1"
    "  AND (lease_expires_at IS NULL OR lease_expires_at <= $1)"
    "  ORDER BY next_attempt_at LIMIT $4 FOR UPDATE SKIP LOCKED) p"
    " ORDER BY d.next_at, d.channel_id LIMIT $4)"
    " UPDATE posts SET lease_owner = $2, lease_expires_at = $3 FROM due"
    " WHERE posts.ctid = due.row"
    " RETURNING posts.id, due.next_at, due.channel_id, due.next_attempt_at"
)


async def ensure_organisation(conn: PgSession, organisation_id: str) -> None:
    await conn.execute(
        "INSERT INTO organisations (id) VALUES ($1) ON CONFLICT DO NOTHING", organisation_id
    )


class PgPostRepository:
    def __init__(self, conn: PgSession) -> None:
        self.conn = conn

    @staticmethod
    def _posts(rows: Sequence[asyncpg.Record]) -> list[SocialPost]:
        return [m.post_from(row) for row in rows]

    async def _insert_events(self, post: SocialPost) -> None:
        """Just the events new since the post was loaded, numbered after the stored ones."""
        rows = [
            m.event_row(post.id, seq, event)
            for seq, event in enumerate(post.new_events, start=post.loaded_events + 1)
        ]
        if rows:
            await self.conn.executemany(
                "INSERT INTO post_events (post_id, seq, name, occurred_at, payload) "
                "VALUES ($1, $2, $3, $4, $5::jsonb)",
                rows,
            )
        await record_outgoing(self.conn, outgoing.for_post(post))

    async def add(self, post: SocialPost) -> SocialPost:
        await ensure_organisation(self.conn, post.organisation_id)
        try:
            await self.conn.execute(
                f"INSERT INTO posts ({m.POST_COLUMNS}) VALUES ({_PLACEHOLDERS_21})",
                *m.post_values(post),
                1,
            )
        except asyncpg.UniqueViolationError:
            raise Conflict(f"post {post.id} exists already") from None
        await self._insert_events(post)
        return post.stored(version=1)

    async def get(self, post_id: str) -> SocialPost:
        row = await self.conn.fetchrow(f"SELECT {SELECT} FROM posts WHERE id = $1", post_id)
        if row is None:
            raise NotFound("post", post_id)
        return m.post_from(row)

    async def save(self, post: SocialPost) -> SocialPost:
        values = m.post_values(post)
        try:
            updated = await self.conn.fetchval(
                "UPDATE posts SET organisation_id = $2, channel_id = $3, kind = $4, status = $5,"
                " content = $6, settings = $7, media = $8, created_at = $9, approved_by = $10,"
                " approved_at = $11, scheduled_at = $12, attempts = $13, next_attempt_at = $14,"
                " publish_id = $15, tracking = $16, tiktok_post_ids = $17, share_url = $18,"
                " failure = $19, manual_reason = $20, version = version + 1"
                " WHERE id = $1 AND version = $21 RETURNING version",
                *values,
                post.version,
            )
        except asyncpg.UniqueViolationError:
            raise Conflict(f"publish id {post.publish_id} belongs to another post") from None
        if updated is None:
            await self.get(post.id)  # NotFound if it is gone
            raise Conflict(f"post {post.id} was changed by someone else")
        await self._insert_events(post)
        return post.stored(version=updated)  # what was written: no re-read

    async def list(self, query: PostFilter) -> Sequence[SocialPost]:
        conditions = ["organisation_id = $1"]
        args: list[object] = [query.organisation_id]
        if query.status is not None:
            args.append(query.status.value)
            conditions.append(f"status = ${len(args)}")
        if query.channel_id is not None:
            args.append(query.channel_id)
            conditions.append(f"channel_id = ${len(args)}")
        if query.after_id is not None:
            args.append(query.after_id)
            conditions.append(
                "(created_at, id) > (SELECT created_at, id FROM posts "
                f"WHERE id = ${len(args)} AND organisation_id = $1)"  # another org's: unknown
            )
        args.append(query.limit)
        rows = await self.conn.fetch(
            f"SELECT {SELECT} FROM posts WHERE {' AND '.join(conditions)} "
            f"ORDER BY created_at, id LIMIT ${len(args)}",
            *args,
        )
        return self._posts(rows)

    async def count_near(self, query: NearbyPosts) -> int:
        """Two index probes (migration 0012): scheduled near the time, waiting in the inbox."""
        count: int = await self.conn.fetchval(
            "SELECT (SELECT count(*) FROM posts WHERE channel_id = $1 AND status = 'scheduled'"
            " AND scheduled_at > $2::timestamptz - $3::interval"
            " AND scheduled_at < $2::timestamptz + $3::interval AND id <> $4"
            " AND (settings->>'publish_method' = 'inbox') = $5)"
            " + (SELECT count(*) FROM posts WHERE channel_id = $1 AND $5"
            " AND status = 'publishing' AND tracking = 'sent_to_inbox' AND id <> $4"
            " AND settings->>'publish_method' = 'inbox')",
            query.channel_id,
            query.around,
            query.within,
            query.excluding,
            query.inbox,
        )
        return count

    async def app_cap_until(self, *, now: datetime) -> datetime | None:
        until: datetime | None = await self.conn.fetchval(
            "SELECT max(next_attempt_at) FROM posts WHERE status = 'scheduled'"
            " AND failure->>'code' = $2 AND next_attempt_at > $1",
            now,
            APP_USER_CAP,
        )
        return until

    async def count_by_status(self) -> dict[PostStatus, int]:
        """Sums the +1/-1 rows the triggers keep (migration 0009); when they pile up they
        are folded into one row per state (the caller commits the fold)."""
        rows = await self.conn.fetch(
            "SELECT status, sum(n)::bigint AS n, count(*) AS parts FROM post_status_counts"
            " GROUP BY status"
        )
        if sum(r["parts"] for r in rows) > COUNT_ROWS_BEFORE_FOLD:
            await self.conn.execute(FOLD_COUNTS)
        return {PostStatus(r["status"]): r["n"] for r in rows if r["n"]}

    async def posted_as(self, organisation_id: str, video_ids: Sequence[str]) -> dict[str, str]:
        rows = await self.conn.fetch(
            "SELECT id, tiktok_post_ids FROM posts WHERE organisation_id = $1"
            " AND tiktok_post_ids && $2::text[]",
            organisation_id,
            list(video_ids),
        )
        wanted = set(video_ids)
        return {v: r["id"] for r in rows for v in r["tiktok_post_ids"] if v in wanted}

    async def find_by_publish_id(self, publish_id: str) -> SocialPost | None:
        row = await self.conn.fetchrow(
            f"SELECT {SELECT} FROM posts WHERE publish_id = $1", publish_id
        )
        return m.post_from(row) if row else None

    async def claim_due(
        self, *, now: datetime, worker_id: str, lease_for: timedelta, limit: int
    ) -> Sequence[str]:
        """One statement (CLAIM_DUE); rows another transaction holds are skipped, so no
        two workers get the same post. Taking the lease is a HOT update."""
        rows = await self.conn.fetch(CLAIM_DUE, now, worker_id, now + lease_for, limit)
        order = sorted(
            rows, key=lambda r: (r["next_at"], r["channel_id"], r["next_attempt_at"], r["id"])
        )
        return [r["id"] for r in order]

    async def reclaim_lapsed(
        self, *, now: datetime, worker_id: str, lease_for: timedelta, limit: int
    ) -> Sequence[str]:
        rows = await self.conn.fetch(
            "WITH lapsed AS ("
            " SELECT id FROM posts WHERE status = 'publishing' AND lease_owner IS NOT NULL"
            " AND lease_expires_at <= $1 ORDER BY lease_expires_at LIMIT $4"
            " FOR UPDATE SKIP LOCKED)"
            " UPDATE posts SET lease_owner = $2, lease_expires_at = $3 FROM lapsed"
            " WHERE posts.id = lapsed.id RETURNING posts.id",
            now,
            worker_id,
            now + lease_for,
            limit,
        )
        return [r["id"] for r in rows]

    async def release(self, post_id: str, worker_id: str) -> None:
        await self.conn.execute(
            "UPDATE posts SET lease_owner = NULL, lease_expires_at = NULL "
            "WHERE id = $1 AND lease_owner = $2",
            post_id,
            worker_id,
        )

    async def extend_lease(self, post_id: str, worker_id: str, until: datetime) -> bool:
        held = await self.conn.fetchval(
            "UPDATE posts SET lease_expires_at = $3 WHERE id = $1 AND lease_owner = $2"
            " RETURNING id",
            post_id,
            worker_id,
            until,
        )
        return held is not None

    async def due_for_tracking(self, *, now: datetime, limit: int) -> Sequence[SocialPost]:
        rows = await self.conn.fetch(
            f"SELECT {SELECT} FROM posts WHERE status = 'publishing'"
            f" AND (publish_id IS NOT NULL OR tracking = 'reconciling') AND next_attempt_at <= $1"
            f" AND tracking IS DISTINCT FROM 'unconfirmed' AND lease_owner IS NULL"
            f" ORDER BY next_attempt_at, id LIMIT $2",
            now,
            limit,
        )
        return self._posts(rows)


class PgChannelRepository:
    def __init__(self, conn: PgSession, cipher: TokenCipher) -> None:
        self.conn = conn
        self.cipher = cipher

    def _one(self, row: asyncpg.Record | None, key: str) -> Channel:
        if row is None:
            raise NotFound("channel", key)
        return m.channel_from(row, self.cipher)

    async def add(self, channel: Channel) -> Channel:
        await ensure_organisation(self.conn, channel.organisation_id)
        placeholders = ", ".join(f"${i}" for i in range(1, 21))
        try:
            await self.conn.execute(
                f"INSERT INTO channels ({m.CHANNEL_COLUMNS}) VALUES ({placeholders})",
                *m.channel_values(channel, self.cipher),
                1,
            )
        except asyncpg.UniqueViolationError as exc:
            raise Conflict(
                f"channel {channel.id} or TikTok account {channel.open_id} is "
                f"connected already ({exc.constraint_name})"
            ) from None
        await record_outgoing(self.conn, outgoing.for_channel(None, channel))
        return attrs.evolve(channel, version=1)

    async def get(self, channel_id: str) -> Channel:
        return self._one(
            await self.conn.fetchrow(
                f"SELECT {m.CHANNEL_COLUMNS} FROM channels WHERE id = $1", channel_id
            ),
            channel_id,
        )

    async def get_for_update(self, channel_id: str) -> Channel:
        """Row lock until the transaction ends: one refresh per channel at a time."""
        return self._one(
            await self.conn.fetchrow(
                f"SELECT {m.CHANNEL_COLUMNS} FROM channels WHERE id = $1 FOR UPDATE", channel_id
            ),
            channel_id,
        )

    async def find_by_open_id(self, organisation_id: str, open_id: str) -> Channel | None:
        row = await self.conn.fetchrow(
            f"SELECT {m.CHANNEL_COLUMNS} FROM channels WHERE organisation_id = $1 AND open_id = $2",
            organisation_id,
            open_id,
        )
        return m.channel_from(row, self.cipher) if row else None

    async def list(self, organisation_id: str) -> Sequence[Channel]:
        rows = await self.conn.fetch(
            f"SELECT {m.CHANNEL_COLUMNS} FROM channels WHERE organisation_id = $1 "
            f"ORDER BY connected_at, id",
            organisation_id,
        )
        return [m.channel_from(r, self.cipher) for r in rows]

    async def with_open_id(self, open_id: str) -> Sequence[Channel]:
        rows = await self.conn.fetch(
            f"SELECT {m.CHANNEL_COLUMNS} FROM channels WHERE open_id = $1 ORDER BY id", open_id
        )
        return [m.channel_from(r, self.cipher) for r in rows]

    async def connected(self) -> Sequence[Channel]:
        rows = await self.conn.fetch(
            f"SELECT {m.CHANNEL_COLUMNS} FROM channels WHERE status = 'connected' ORDER BY id"
        )
        return [m.channel_from(r, self.cipher) for r in rows]

    async def disconnected_before(self, before: datetime) -> Sequence[Channel]:
        rows = await self.conn.fetch(
            f"SELECT {m.CHANNEL_COLUMNS} FROM channels WHERE status = 'disconnected' "
            f"AND status_changed_at < $1 ORDER BY id",
            before,
        )
        return [m.channel_from(r, self.cipher) for r in rows]

    async def needing_refresh(self, *, before: datetime) -> Sequence[Channel]:
        rows = await self.conn.fetch(
            f"SELECT {m.CHANNEL_COLUMNS} FROM channels WHERE status = 'connected' "
            f"AND access_expires_at < $1 ORDER BY access_expires_at, id",
            before,
        )
        return [m.channel_from(r, self.cipher) for r in rows]

    async def save(self, channel: Channel) -> Channel:
        values = m.channel_values(channel, self.cipher)
        before = await self.conn.fetchval("SELECT status FROM channels WHERE id = $1", channel.id)
        version = await self.conn.fetchval(
            "UPDATE channels SET organisation_id = $2, open_id = $3, display_name = $4,"
            " username = $5, avatar_url = $6, time_zone = $7, publishing_mode = $8,"
            " status = $9, status_reason = $10, status_changed_at = $11, connected_at = $12,"
            " last_refreshed_at = $13, scopes = $14, token_key_id = $15,"
            " access_token_ct = $16, refresh_token_ct = $17, access_expires_at = $18,"
            " refresh_expires_at = $19, version = version + 1"
            " WHERE id = $1 AND version = $20 RETURNING version",
            *values,
            channel.version,
        )
        if version is None:
            await self.get(channel.id)
            raise Conflict(f"channel {channel.id} was changed by someone else")
        await record_outgoing(
            self.conn, outgoing.for_channel(ChannelStatus(before) if before else None, channel)
        )
        return attrs.evolve(channel, version=version)  # no decrypting what we just sealed


class PgOAuthStateRepository:
    def __init__(self, conn: PgSession, cipher: TokenCipher) -> None:
        self.conn = conn
        self.cipher = cipher

    async def add(self, state: OAuthState) -> None:
        try:
            await self.conn.execute(
                f"INSERT INTO oauth_states ({m.OAUTH_STATE_COLUMNS})"
                " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
                *m.oauth_state_values(state, self.cipher),
            )
        except asyncpg.UniqueViolationError:
            raise Conflict("OAuth state exists already") from None

    async def take(self, state: str) -> OAuthState | None:
        row = await self.conn.fetchrow(
            f"DELETE FROM oauth_states WHERE state = $1 RETURNING {m.OAUTH_STATE_COLUMNS}", state
        )
        return m.oauth_state_from(row, self.cipher) if row else None


class PgMetricsRepository:
    def __init__(self, conn: PgSession) -> None:
        self.conn = conn

    async def add_video_snapshots(self, snapshots: Sequence[VideoSnapshot]) -> None:
        await self.conn.executemany(
            f"INSERT INTO video_snapshots ({m.VIDEO_SNAPSHOT_COLUMNS})"
            " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)"
            " ON CONFLICT DO NOTHING",
            [
                (
                    s.channel_id,
                    s.video_id,
                    s.published_at,
                    s.captured_at,
                    s.caption,
                    s.views,
                    s.likes,
                    s.comments,
                    s.shares,
                    s.duration_s,
                    s.completion_rate,
                    s.is_photo,
                )
                for s in snapshots
            ],
        )

    async def video_snapshots(self, channel_id: str, *, since: datetime) -> Sequence[VideoSnapshot]:
        rows = await self.conn.fetch(
            f"SELECT {m.VIDEO_SNAPSHOT_COLUMNS} FROM video_snapshots WHERE channel_id = $1 AND published_at >= $2"
            " ORDER BY captured_at, video_id",
            channel_id,
            since,
        )
        return [_video_snapshot(r) for r in rows]

    async def snapshots_of_videos(
        self, channel_id: str, video_ids: Sequence[str]
    ) -> Sequence[VideoSnapshot]:
        rows = await self.conn.fetch(
            f"SELECT {m.VIDEO_SNAPSHOT_COLUMNS} FROM video_snapshots WHERE channel_id = $1"
            " AND video_id = ANY ($2::text[]) ORDER BY captured_at, video_id",
            channel_id,
            list(video_ids),
        )
        return [_video_snapshot(r) for r in rows]

    async def add_account_snapshot(self, snapshot: AccountSnapshot) -> None:
        await self.conn.execute(
            "INSERT INTO account_snapshots (channel_id, captured_at, follower_count,"
            " following_count, likes_count, video_count) VALUES ($1, $2, $3, $4, $5, $6)"
            " ON CONFLICT DO NOTHING",
            snapshot.channel_id,
            snapshot.captured_at,
            snapshot.follower_count,
            snapshot.following_count,
            snapshot.likes_count,
            snapshot.video_count,
        )

    async def account_snapshots(
        self, channel_id: str, *, since: datetime
    ) -> Sequence[AccountSnapshot]:
        rows = await self.conn.fetch(
            f"SELECT {m.ACCOUNT_SNAPSHOT_COLUMNS} FROM account_snapshots WHERE channel_id = $1 AND captured_at >= $2"
            " ORDER BY captured_at",
            channel_id,
            since,
        )
        return [
            AccountSnapshot(
                r["channel_id"],
                r["captured_at"],
                r["follower_count"],
                r["following_count"],
                r["likes_count"],
                r["video_count"],
            )
            for r in rows
        ]

    async def purge_channel(self, channel_id: str) -> int:
        videos = await self.conn.execute(
            "DELETE FROM video_snapshots WHERE channel_id = $1", channel_id
        )
        accounts = await self.conn.execute(
            "DELETE FROM account_snapshots WHERE channel_id = $1", channel_id
        )
        return _deleted(videos) + _deleted(accounts)


def _deleted(status: str) -> int:
    return int(status.rsplit(" ", 1)[-1])


class PgInsightRepository:
    def __init__(self, conn: PgSession) -> None:
        self.conn = conn

    async def add(self, insight: ChannelInsight) -> None:
        await self.conn.execute(
            "INSERT INTO channel_insights (channel_id, computed_at, payload)"
            " VALUES ($1, $2, $3::jsonb) ON CONFLICT (channel_id, computed_at)"
            " DO UPDATE SET payload = excluded.payload",
            insight.channel_id,
            insight.computed_at,
            m.dump(insight),
        )

    async def latest(self, channel_id: str) -> ChannelInsight | None:
        raw = await self.conn.fetchval(
            "SELECT payload FROM channel_insights WHERE channel_id = $1"
            " ORDER BY computed_at DESC LIMIT 1",
            channel_id,
        )
        return m.insight_from(raw) if raw is not None else None

    async def purge_channel(self, channel_id: str) -> int:
        return _deleted(
            await self.conn.execute(
                "DELETE FROM channel_insights WHERE channel_id = $1", channel_id
            )
        )


class PgWebhookEventLog:
    def __init__(self, conn: PgSession) -> None:
        self.conn = conn

    async def remember(self, event_key: str, *, received_at: datetime) -> bool:
        inserted = await self.conn.fetchval(
            "INSERT INTO webhook_events (event_key, received_at) VALUES ($1, $2)"
            " ON CONFLICT DO NOTHING RETURNING true",
            event_key,
            received_at,
        )
        return bool(inserted)


class PgApiKeyRepository:
    def __init__(self, conn: PgSession) -> None:
        self.conn = conn

    async def add(self, key: ApiKey) -> None:
        await ensure_organisation(self.conn, key.organisation_id)
        try:
            await self.conn.execute(
                f"INSERT INTO api_keys ({m.API_KEY_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7)",
                *m.api_key_values(key),
            )
        except asyncpg.UniqueViolationError:
            raise Conflict(f"API key {key.id} exists already") from None

    async def find(self, key_id: str) -> ApiKey | None:
        row = await self.conn.fetchrow(
            f"SELECT {m.API_KEY_COLUMNS} FROM api_keys WHERE id = $1", key_id
        )
        return m.api_key_from(row) if row else None

    async def list(self, organisation_id: str) -> Sequence[ApiKey]:
        rows = await self.conn.fetch(
            f"SELECT {m.API_KEY_COLUMNS} FROM api_keys WHERE organisation_id = $1"
            " ORDER BY created_at, id",
            organisation_id,
        )
        return [m.api_key_from(r) for r in rows]

    async def save(self, key: ApiKey) -> None:
        await self.conn.execute(
            "UPDATE api_keys SET name = $2, revoked_at = $3, last_used_at = $4 WHERE id = $1",
            key.id,
            key.name,
            key.revoked_at,
            key.last_used_at,
        )


class PgIdempotencyStore:
    def __init__(self, conn: PgSession) -> None:
        self.conn = conn

    async def reserve(
        self, organisation_id: str, key: str, *, fingerprint: str, now: datetime
    ) -> StoredResponse | None:
        inserted = await self.conn.fetchval(
            "INSERT INTO idempotency_keys (organisation_id, key, fingerprint, created_at)"
            " VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING RETURNING true",
            organisation_id,
            key,
            fingerprint,
            now,
        )
        if inserted:
            return None
        row = await self.conn.fetchrow(
            "SELECT fingerprint, status, body, created_at FROM idempotency_keys"
            " WHERE organisation_id = $1 AND key = $2",
            organisation_id,
            key,
        )
        if row is None:
            return None
        return StoredResponse(
            fingerprint=row["fingerprint"],
            status=row["status"],
            body=row["body"],
            created_at=row["created_at"],
        )

    async def complete(self, organisation_id: str, key: str, *, status: int, body: str) -> None:
        await self.conn.execute(
            "UPDATE idempotency_keys SET status = $3, body = $4"
            " WHERE organisation_id = $1 AND key = $2",
            organisation_id,
            key,
            status,
            body,
        )

    async def release(self, organisation_id: str, key: str) -> None:
        await self.conn.execute(
            "DELETE FROM idempotency_keys WHERE organisation_id = $1 AND key = $2 AND status = 0",
            organisation_id,
            key,
        )

    async def purge(self, *, before: datetime) -> int:
        return _deleted(
            await self.conn.execute("DELETE FROM idempotency_keys WHERE created_at < $1", before)
        )


class PgReturnOriginRepository:
    def __init__(self, conn: PgSession) -> None:
        self.conn = conn

    async def get(self, organisation_id: str) -> tuple[str, ...]:
        rows = await self.conn.fetch(
            "SELECT origin FROM return_origins WHERE organisation_id = $1 ORDER BY position",
            organisation_id,
        )
        return tuple(r["origin"] for r in rows)

    async def replace(self, organisation_id: str, origins: Sequence[str]) -> None:
        await ensure_organisation(self.conn, organisation_id)
        await self.conn.execute(
            "DELETE FROM return_origins WHERE organisation_id = $1", organisation_id
        )
        await self.conn.executemany(
            "INSERT INTO return_origins (organisation_id, origin, position) VALUES ($1, $2, $3)",
            [(organisation_id, origin, i) for i, origin in enumerate(origins)],
        )


def _video_snapshot(r: asyncpg.Record) -> VideoSnapshot:
    return VideoSnapshot(
        r["channel_id"],
        r["video_id"],
        r["published_at"],
        r["captured_at"],
        r["caption"],
        r["views"],
        r["likes"],
        r["comments"],
        r["shares"],
        r["duration_s"],
        r["completion_rate"],
        r["is_photo"],
    )
