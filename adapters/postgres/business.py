"""The Accounts API's data in PostgreSQL: repositories over the unit of work's session.
Tokens pass through the cipher; snapshots are JSONB through the adapter's converter."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

import asyncpg
import attrs

from adapters.postgres import mapping as m
from adapters.postgres.repositories import ensure_organisation
from adapters.postgres.session import PgSession
from adapters.postgres.versioned import insert_row, row_by_id, versioned_update
from application.errors import Conflict, NotFound
from application.ports import TokenCipher
from domain.business_connection import BusinessConnection
from domain.business_insights import AccountDay, AudienceSnapshot, VideoInsight
from domain.channel import ChannelStatus
from domain.comments import Comment, Conversation, ReplyIntent, ReplyState, Visibility

CONNECTION_COLUMNS = (
    "id, organisation_id, channel_id, business_id, status, connected_at, username, "
    "display_name, is_business_account, followers_count, status_reason, status_changed_at, "
    "last_refreshed_at, scopes, token_key_id, access_token_ct, refresh_token_ct, "
    "access_expires_at, refresh_expires_at, version"
)
COMMENT_COLUMNS = (
    "channel_id, comment_id, video_id, parent_id, created_at, text, username, display_name, "
    "owner, visibility, likes, unread, updated_at"
)
INTENT_COLUMNS = (
    "id, organisation_id, channel_id, video_id, comment_id, text, created_at, state, "
    "reply_comment_id, attempts, error, version"
)


def _placeholders(columns: str) -> str:
    return ", ".join(f"${i}" for i in range(1, columns.count(",") + 2))


# ---- connections -------------------------------------------------------------------------


def _connection_values(c: BusinessConnection, cipher: TokenCipher) -> tuple[Any, ...]:
    return (
        c.id,
        c.organisation_id,
        c.channel_id,
        c.business_id,
        c.status.value,
        c.connected_at,
        c.username,
        c.display_name,
        c.is_business_account,
        c.followers_count,
        c.status_reason,
        c.status_changed_at,
        c.last_refreshed_at,
        sorted(c.scopes),
        *m.sealed_tokens(c.tokens, cipher),
        c.version,
    )


def _connection_from(row: asyncpg.Record, cipher: TokenCipher) -> BusinessConnection:
    return BusinessConnection(
        id=row["id"],
        organisation_id=row["organisation_id"],
        channel_id=row["channel_id"],
        business_id=row["business_id"],
        status=ChannelStatus(row["status"]),
        tokens=m.opened_tokens(row, cipher),
        connected_at=row["connected_at"],
        username=row["username"],
        display_name=row["display_name"],
        is_business_account=row["is_business_account"],
        followers_count=row["followers_count"],
        status_reason=row["status_reason"],
        status_changed_at=row["status_changed_at"],
        last_refreshed_at=row["last_refreshed_at"],
        version=row["version"],
    )


class PgBusinessConnectionRepository:
    def __init__(self, conn: PgSession, cipher: TokenCipher) -> None:
        self.conn, self.cipher = conn, cipher

    async def _many(self, where: str, *args: Any) -> list[BusinessConnection]:
        rows = await self.conn.fetch(
            f"SELECT {CONNECTION_COLUMNS} FROM business_connections WHERE {where} ORDER BY id",
            *args,
        )
        return [_connection_from(r, self.cipher) for r in rows]

    async def add(self, connection: BusinessConnection) -> BusinessConnection:
        await ensure_organisation(self.conn, connection.organisation_id)
        stored = attrs.evolve(connection, version=1)
        try:
            await self.conn.execute(
                f"INSERT INTO business_connections ({CONNECTION_COLUMNS})"
                f" VALUES ({_placeholders(CONNECTION_COLUMNS)})",
                *_connection_values(stored, self.cipher),
            )
        except asyncpg.UniqueViolationError:
            raise Conflict(
                f"channel {connection.channel_id} has an Accounts API connection already"
            ) from None
        return stored

    async def get(self, connection_id: str) -> BusinessConnection:
        found = await self._many("id = $1", connection_id)
        if not found:
            raise NotFound("business connection", connection_id)
        return found[0]

    async def for_channel(self, channel_id: str) -> BusinessConnection | None:
        found = await self._many("channel_id = $1", channel_id)
        return found[0] if found else None

    async def with_business_id(self, business_id: str) -> Sequence[BusinessConnection]:
        return await self._many("business_id = $1", business_id)

    async def connected(self) -> Sequence[BusinessConnection]:
        return await self._many("status = 'connected'")

    async def needing_refresh(self, *, before: datetime) -> Sequence[BusinessConnection]:
        return await self._many("status = 'connected' AND access_expires_at < $1", before)

    async def disconnected_before(self, before: datetime) -> Sequence[BusinessConnection]:
        return await self._many("status = 'disconnected' AND status_changed_at < $1", before)

    async def save(self, connection: BusinessConnection) -> BusinessConnection:
        await versioned_update(
            self.conn,
            "business_connections",
            CONNECTION_COLUMNS,
            _connection_values(connection, self.cipher),
            "business connection",
        )
        return attrs.evolve(connection, version=connection.version + 1)


# ---- metrics -------------------------------------------------------------------------------


class PgBusinessMetricsRepository:
    def __init__(self, conn: PgSession) -> None:
        self.conn = conn

    async def put_days(self, days: Sequence[AccountDay]) -> None:
        await self.conn.executemany(
            "INSERT INTO business_account_days (channel_id, day, captured_at, payload)"
            " VALUES ($1, $2, $3, $4::jsonb) ON CONFLICT (channel_id, day) DO UPDATE"
            " SET captured_at = excluded.captured_at, payload = excluded.payload",
            [(d.channel_id, d.day, d.captured_at, m.dump(d)) for d in days],
        )

    async def days(self, channel_id: str, *, since: date) -> Sequence[AccountDay]:
        rows = await self.conn.fetch(
            "SELECT payload FROM business_account_days WHERE channel_id = $1 AND day >= $2"
            " ORDER BY day",
            channel_id,
            since,
        )
        return [m.load(r["payload"], AccountDay) for r in rows]

    async def add_audience(self, snapshot: AudienceSnapshot) -> None:
        await self.conn.execute(
            "INSERT INTO business_audiences (channel_id, captured_at, payload)"
            " VALUES ($1, $2, $3::jsonb) ON CONFLICT (channel_id, captured_at) DO UPDATE"
            " SET payload = excluded.payload",
            snapshot.channel_id,
            snapshot.captured_at,
            m.dump(snapshot),
        )

    async def latest_audience(self, channel_id: str) -> AudienceSnapshot | None:
        raw = await self.conn.fetchval(
            "SELECT payload FROM business_audiences WHERE channel_id = $1"
            " ORDER BY captured_at DESC LIMIT 1",
            channel_id,
        )
        return m.load(raw, AudienceSnapshot) if raw is not None else None

    async def add_video_insights(self, insights: Sequence[VideoInsight]) -> None:
        await self.conn.executemany(
            "INSERT INTO business_video_insights"
            " (channel_id, video_id, captured_at, published_at, payload)"
            " VALUES ($1, $2, $3, $4, $5::jsonb)"
            " ON CONFLICT (channel_id, video_id, captured_at) DO UPDATE SET payload = excluded.payload",
            [
                (v.channel_id, v.video_id, v.captured_at, v.published_at, m.dump(v))
                for v in insights
            ],
        )

    async def video_insights(self, channel_id: str, *, since: datetime) -> Sequence[VideoInsight]:
        rows = await self.conn.fetch(
            "SELECT payload FROM business_video_insights WHERE channel_id = $1"
            " AND published_at >= $2 ORDER BY captured_at, video_id",
            channel_id,
            since,
        )
        return [m.load(r["payload"], VideoInsight) for r in rows]

    async def purge_channel(self, channel_id: str) -> int:
        gone = 0
        for table in ("business_account_days", "business_audiences", "business_video_insights"):
            status = await self.conn.execute(
                f"DELETE FROM {table} WHERE channel_id = $1", channel_id
            )
            gone += int(status.split()[-1])
        return gone


# ---- comments --------------------------------------------------------------------------------


def _comment_values(c: Comment) -> tuple[Any, ...]:
    return (
        c.channel_id,
        c.comment_id,
        c.video_id,
        c.parent_id,
        c.created_at,
        c.text,
        c.username,
        c.display_name,
        c.owner,
        c.visibility.value,
        c.likes,
        c.unread,
        c.updated_at,
    )


def _comment_from(row: asyncpg.Record) -> Comment:
    return Comment(
        channel_id=row["channel_id"],
        comment_id=row["comment_id"],
        video_id=row["video_id"],
        created_at=row["created_at"],
        text=row["text"],
        parent_id=row["parent_id"],
        username=row["username"],
        display_name=row["display_name"],
        owner=row["owner"],
        visibility=Visibility(row["visibility"]),
        likes=row["likes"],
        unread=row["unread"],
        updated_at=row["updated_at"],
    )


class PgCommentRepository:
    def __init__(self, conn: PgSession) -> None:
        self.conn = conn

    async def get(self, channel_id: str, comment_id: str) -> Comment | None:
        row = await self.conn.fetchrow(
            f"SELECT {COMMENT_COLUMNS} FROM comments WHERE channel_id = $1 AND comment_id = $2",
            channel_id,
            comment_id,
        )
        return _comment_from(row) if row else None

    async def add_if_new(self, comment: Comment) -> bool:
        inserted = await self.conn.fetchval(
            f"INSERT INTO comments ({COMMENT_COLUMNS}) VALUES ({_placeholders(COMMENT_COLUMNS)})"
            " ON CONFLICT (channel_id, comment_id) DO NOTHING RETURNING true",
            *_comment_values(comment),
        )
        return bool(inserted)

    async def save(self, comment: Comment) -> None:
        names = [c.strip() for c in COMMENT_COLUMNS.split(",")]
        sets = ", ".join(f"{n} = ${i}" for i, n in enumerate(names[2:], start=3))
        status = await self.conn.execute(
            f"UPDATE comments SET {sets} WHERE channel_id = $1 AND comment_id = $2",
            *_comment_values(comment),
        )
        if status.endswith(" 0"):
            raise NotFound("comment", comment.comment_id)

    async def thread(self, channel_id: str, video_id: str) -> Sequence[Comment]:
        rows = await self.conn.fetch(
            f"SELECT {COMMENT_COLUMNS} FROM comments WHERE channel_id = $1 AND video_id = $2"
            " ORDER BY created_at, comment_id",
            channel_id,
            video_id,
        )
        return [_comment_from(r) for r in rows]

    async def replies_to(self, channel_id: str, comment_id: str) -> Sequence[Comment]:
        rows = await self.conn.fetch(
            f"SELECT {COMMENT_COLUMNS} FROM comments WHERE channel_id = $1 AND parent_id = $2"
            " ORDER BY created_at, comment_id",
            channel_id,
            comment_id,
        )
        return [_comment_from(r) for r in rows]

    async def conversations(self, channel_id: str) -> Sequence[Conversation]:
        rows = await self.conn.fetch(
            "SELECT video_id, count(*) AS messages, count(*) FILTER (WHERE unread) AS unread,"
            " max(coalesce(updated_at, created_at)) AS last_activity,"
            " count(*) FILTER (WHERE NOT owner AND parent_id IS NULL AND visibility <> 'deleted'"
            "  AND NOT EXISTS (SELECT 1 FROM comments r WHERE r.channel_id = c.channel_id"
            "   AND r.parent_id = c.comment_id AND r.owner)) AS unanswered"
            " FROM comments c"
            " WHERE channel_id = $1 GROUP BY video_id ORDER BY last_activity DESC, video_id DESC",
            channel_id,
        )
        return [
            Conversation(
                channel_id,
                r["video_id"],
                r["messages"],
                r["unread"],
                r["last_activity"],
                r["unanswered"],
            )
            for r in rows
        ]

    async def mark_read(self, channel_id: str, video_id: str) -> int:
        status = await self.conn.execute(
            "UPDATE comments SET unread = false WHERE channel_id = $1 AND video_id = $2 AND unread",
            channel_id,
            video_id,
        )
        return int(status.split()[-1])

    async def purge_channel(self, channel_id: str) -> int:
        status = await self.conn.execute("DELETE FROM comments WHERE channel_id = $1", channel_id)
        return int(status.split()[-1])


# ---- reply intents ----------------------------------------------------------------------------


def _intent_values(i: ReplyIntent) -> tuple[Any, ...]:
    return (
        i.id,
        i.organisation_id,
        i.channel_id,
        i.video_id,
        i.comment_id,
        i.text,
        i.created_at,
        i.state.value,
        i.reply_comment_id,
        i.attempts,
        i.error,
        i.version,
    )


def _intent_from(row: asyncpg.Record) -> ReplyIntent:
    return ReplyIntent(
        id=row["id"],
        organisation_id=row["organisation_id"],
        channel_id=row["channel_id"],
        video_id=row["video_id"],
        comment_id=row["comment_id"],
        text=row["text"],
        created_at=row["created_at"],
        state=ReplyState(row["state"]),
        reply_comment_id=row["reply_comment_id"],
        attempts=row["attempts"],
        error=row["error"],
        version=row["version"],
    )


class PgReplyIntentRepository:
    def __init__(self, conn: PgSession) -> None:
        self.conn = conn

    async def add(self, intent: ReplyIntent) -> ReplyIntent:
        await ensure_organisation(self.conn, intent.organisation_id)
        stored = attrs.evolve(intent, version=1)
        values = _intent_values(stored)
        await insert_row(self.conn, "reply_intents", INTENT_COLUMNS, values, "reply intent")
        return stored

    async def get(self, intent_id: str) -> ReplyIntent:
        row = await row_by_id(self.conn, "reply_intents", INTENT_COLUMNS, intent_id, "reply intent")
        return _intent_from(row)

    async def save(self, intent: ReplyIntent) -> ReplyIntent:
        await versioned_update(
            self.conn, "reply_intents", INTENT_COLUMNS, _intent_values(intent), "reply intent"
        )
        return attrs.evolve(intent, version=intent.version + 1)

    async def for_comment(self, channel_id: str, comment_id: str) -> Sequence[ReplyIntent]:
        rows = await self.conn.fetch(
            f"SELECT {INTENT_COLUMNS} FROM reply_intents WHERE channel_id = $1 AND comment_id = $2"
            " ORDER BY created_at, id",
            channel_id,
            comment_id,
        )
        return [_intent_from(r) for r in rows]

    async def for_video(self, channel_id: str, video_id: str) -> Sequence[ReplyIntent]:
        rows = await self.conn.fetch(
            f"SELECT {INTENT_COLUMNS} FROM reply_intents WHERE channel_id = $1 AND video_id = $2"
            " ORDER BY created_at, id",
            channel_id,
            video_id,
        )
        return [_intent_from(r) for r in rows]

    async def purge_channel(self, channel_id: str) -> int:
        status = await self.conn.execute(
            "DELETE FROM reply_intents WHERE channel_id = $1", channel_id
        )
        return int(status.split()[-1])
