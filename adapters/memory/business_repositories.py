"""In-memory repositories of the Accounts API's data, with the unit of work's semantics:
writes are buffered in a ``BusinessWork`` and applied at commit, versions checked."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import date, datetime

import attrs

from application.errors import Conflict, NotFound
from domain.business_connection import BusinessConnection
from domain.business_insights import AccountDay, AudienceSnapshot, VideoInsight
from domain.channel import ChannelStatus
from domain.comments import Comment, Conversation, ReplyIntent, unanswered


@attrs.define
class BusinessTables:
    """Committed rows (on MemoryStore), or one unit of work's pending ones."""

    connections: dict[str, BusinessConnection] = attrs.Factory(dict)
    days: dict[tuple[str, date], AccountDay] = attrs.Factory(dict)
    audiences: list[AudienceSnapshot] = attrs.Factory(list)
    video_insights: list[VideoInsight] = attrs.Factory(list)
    comments: dict[tuple[str, str], Comment] = attrs.Factory(dict)
    intents: dict[str, ReplyIntent] = attrs.Factory(dict)


class BusinessWork:
    """One unit of work's view of the tables: its own writes over the committed rows."""

    def __init__(self, tables: BusinessTables) -> None:
        self.tables = tables
        self.pending = BusinessTables()
        self.new_connections: set[str] = set()
        self.new_comments: set[tuple[str, str]] = set()
        self.new_intents: set[str] = set()
        self.purged: set[str] = set()

    def check(self) -> None:
        t, p = self.tables, self.pending
        _check(t.connections, p.connections, self.new_connections, "business connection")
        _check(t.intents, p.intents, self.new_intents, "reply intent")
        if any(key in t.comments for key in self.new_comments):
            raise Conflict("comment stored by someone else meanwhile")
        channels = {c.channel_id for k, c in p.connections.items() if k in self.new_connections}
        taken = {c.channel_id for c in t.connections.values()}
        if channels & taken:
            raise Conflict("the channel has an Accounts API connection already")

    def apply(self) -> None:
        t, p, gone = self.tables, self.pending, self.purged
        t.connections.update(p.connections)
        t.days = {k: v for k, v in {**t.days, **p.days}.items() if k[0] not in gone}
        t.audiences[:] = [a for a in (*t.audiences, *p.audiences) if a.channel_id not in gone]
        t.video_insights[:] = [
            v for v in (*t.video_insights, *p.video_insights) if v.channel_id not in gone
        ]
        t.comments = {k: v for k, v in {**t.comments, **p.comments}.items() if k[0] not in gone}
        t.intents = {
            k: v for k, v in {**t.intents, **p.intents}.items() if v.channel_id not in gone
        }
        self.discard()

    def discard(self) -> None:
        self.pending = BusinessTables()
        self.new_connections.clear()
        self.new_comments.clear()
        self.new_intents.clear()
        self.purged.clear()

    # ---- merged views ---------------------------------------------------------------

    def connections(self) -> dict[str, BusinessConnection]:
        return {**self.tables.connections, **self.pending.connections}

    def days(self) -> dict[tuple[str, date], AccountDay]:
        merged = {**self.tables.days, **self.pending.days}
        return {k: v for k, v in merged.items() if k[0] not in self.purged}

    def comments(self) -> dict[tuple[str, str], Comment]:
        merged = {**self.tables.comments, **self.pending.comments}
        return {k: v for k, v in merged.items() if k[0] not in self.purged}

    def intents(self) -> dict[str, ReplyIntent]:
        merged = {**self.tables.intents, **self.pending.intents}
        return {k: v for k, v in merged.items() if v.channel_id not in self.purged}


def _check(committed: dict, written: dict, new: set[str], kind: str) -> None:  # type: ignore[type-arg]
    for key, row in written.items():
        if key in new:
            if key in committed:
                raise Conflict(f"{kind} {key} exists already")
        elif committed.get(key) is None or committed[key].version != row.version - 1:
            raise Conflict(f"{kind} {key} was changed by someone else")


class MemoryBusinessConnectionRepository:
    def __init__(self, work: BusinessWork) -> None:
        self.work = work

    async def add(self, connection: BusinessConnection) -> BusinessConnection:
        rows = self.work.connections()
        if connection.id in rows or any(
            c.channel_id == connection.channel_id for c in rows.values()
        ):
            raise Conflict(
                f"channel {connection.channel_id} has an Accounts API connection already"
            )
        stored = attrs.evolve(connection, version=1)
        self.work.pending.connections[stored.id] = stored
        self.work.new_connections.add(stored.id)
        return stored

    async def get(self, connection_id: str) -> BusinessConnection:
        row = self.work.connections().get(connection_id)
        if row is None:
            raise NotFound("business connection", connection_id)
        return row

    async def for_channel(self, channel_id: str) -> BusinessConnection | None:
        return next(
            (c for c in self.work.connections().values() if c.channel_id == channel_id), None
        )

    async def with_business_id(self, business_id: str) -> Sequence[BusinessConnection]:
        return [c for c in self.work.connections().values() if c.business_id == business_id]

    async def connected(self) -> Sequence[BusinessConnection]:
        rows = self.work.connections().values()
        return sorted((c for c in rows if c.status is ChannelStatus.CONNECTED), key=lambda c: c.id)

    async def needing_refresh(self, *, before: datetime) -> Sequence[BusinessConnection]:
        return [
            c
            for c in await self.connected()
            if c.tokens is not None and c.tokens.access_expires_at < before
        ]

    async def disconnected_before(self, before: datetime) -> Sequence[BusinessConnection]:
        return [
            c
            for c in self.work.connections().values()
            if c.status is ChannelStatus.DISCONNECTED
            and c.status_changed_at is not None
            and c.status_changed_at < before
        ]

    async def save(self, connection: BusinessConnection) -> BusinessConnection:
        current = await self.get(connection.id)
        if current.version != connection.version:
            raise Conflict(f"business connection {connection.id} was changed by someone else")
        stored = attrs.evolve(connection, version=connection.version + 1)
        self.work.pending.connections[stored.id] = stored
        return stored


class MemoryBusinessMetricsRepository:
    def __init__(self, work: BusinessWork) -> None:
        self.work = work

    async def put_days(self, days: Sequence[AccountDay]) -> None:
        for day in days:
            self.work.pending.days[(day.channel_id, day.day)] = day

    async def days(self, channel_id: str, *, since: date) -> Sequence[AccountDay]:
        return sorted(
            (d for (c, when), d in self.work.days().items() if c == channel_id and when >= since),
            key=lambda d: d.day,
        )

    async def add_audience(self, snapshot: AudienceSnapshot) -> None:
        self.work.pending.audiences.append(snapshot)

    async def latest_audience(self, channel_id: str) -> AudienceSnapshot | None:
        rows = [
            a
            for a in (*self.work.tables.audiences, *self.work.pending.audiences)
            if a.channel_id == channel_id and channel_id not in self.work.purged
        ]
        return max(rows, key=lambda a: a.captured_at, default=None)

    async def add_video_insights(self, insights: Sequence[VideoInsight]) -> None:
        self.work.pending.video_insights.extend(insights)

    async def video_insights(self, channel_id: str, *, since: datetime) -> Sequence[VideoInsight]:
        rows = [
            v
            for v in (*self.work.tables.video_insights, *self.work.pending.video_insights)
            if v.channel_id == channel_id
            and v.published_at >= since
            and channel_id not in self.work.purged
        ]
        return sorted(rows, key=lambda v: (v.captured_at, v.video_id))

    async def purge_channel(self, channel_id: str) -> int:
        t = self.work.tables
        gone = (
            sum(1 for c, _ in t.days if c == channel_id)
            + sum(1 for a in t.audiences if a.channel_id == channel_id)
            + sum(1 for v in t.video_insights if v.channel_id == channel_id)
        )
        self.work.purged.add(channel_id)
        return gone


class MemoryCommentRepository:
    def __init__(self, work: BusinessWork) -> None:
        self.work = work

    async def get(self, channel_id: str, comment_id: str) -> Comment | None:
        return self.work.comments().get((channel_id, comment_id))

    async def add_if_new(self, comment: Comment) -> bool:
        key = (comment.channel_id, comment.comment_id)
        if key in self.work.comments():
            return False
        self.work.pending.comments[key] = comment
        self.work.new_comments.add(key)
        return True

    async def save(self, comment: Comment) -> None:
        key = (comment.channel_id, comment.comment_id)
        if key not in self.work.comments():
            raise NotFound("comment", comment.comment_id)
        self.work.pending.comments[key] = comment

    async def thread(self, channel_id: str, video_id: str) -> Sequence[Comment]:
        return sorted(
            (
                c
                for c in self.work.comments().values()
                if c.channel_id == channel_id and c.video_id == video_id
            ),
            key=lambda c: (c.created_at, c.comment_id),
        )

    async def replies_to(self, channel_id: str, comment_id: str) -> Sequence[Comment]:
        return sorted(
            (
                c
                for c in self.work.comments().values()
                if c.channel_id == channel_id and c.parent_id == comment_id
            ),
            key=lambda c: (c.created_at, c.comment_id),
        )

    async def conversations(self, channel_id: str) -> Sequence[Conversation]:
        groups: defaultdict[str, list[Comment]] = defaultdict(list)
        for c in self.work.comments().values():
            if c.channel_id == channel_id:
                groups[c.video_id].append(c)
        found = [
            Conversation(
                channel_id,
                video_id,
                len(rows),
                sum(1 for r in rows if r.unread),
                max(r.updated_at or r.created_at for r in rows),
                unanswered(rows),
            )
            for video_id, rows in groups.items()
        ]
        return sorted(found, key=lambda c: (c.last_activity_at, c.video_id), reverse=True)

    async def mark_read(self, channel_id: str, video_id: str) -> int:
        unread = [c for c in await self.thread(channel_id, video_id) if c.unread]
        for c in unread:
            self.work.pending.comments[(c.channel_id, c.comment_id)] = attrs.evolve(c, unread=False)
        return len(unread)

    async def purge_channel(self, channel_id: str) -> int:
        gone = sum(1 for c, _ in self.work.tables.comments if c == channel_id)
        self.work.purged.add(channel_id)
        return gone


class MemoryReplyIntentRepository:
    def __init__(self, work: BusinessWork) -> None:
        self.work = work

    async def add(self, intent: ReplyIntent) -> ReplyIntent:
        if intent.id in self.work.intents():
            raise Conflict(f"reply intent {intent.id} exists already")
        stored = attrs.evolve(intent, version=1)
        self.work.pending.intents[stored.id] = stored
        self.work.new_intents.add(stored.id)
        return stored

    async def get(self, intent_id: str) -> ReplyIntent:
        row = self.work.intents().get(intent_id)
        if row is None:
            raise NotFound("reply intent", intent_id)
        return row

    async def save(self, intent: ReplyIntent) -> ReplyIntent:
        current = await self.get(intent.id)
        if current.version != intent.version:
            raise Conflict(f"reply intent {intent.id} was changed by someone else")
        stored = attrs.evolve(intent, version=intent.version + 1)
        self.work.pending.intents[stored.id] = stored
        return stored

    async def for_comment(self, channel_id: str, comment_id: str) -> Sequence[ReplyIntent]:
        return sorted(
            (
                i
                for i in self.work.intents().values()
                if i.channel_id == channel_id and i.comment_id == comment_id
            ),
            key=lambda i: (i.created_at, i.id),
        )

    async def for_video(self, channel_id: str, video_id: str) -> Sequence[ReplyIntent]:
        return sorted(
            (
                i
                for i in self.work.intents().values()
                if i.channel_id == channel_id and i.video_id == video_id
            ),
            key=lambda i: (i.created_at, i.id),
        )

    async def purge_channel(self, channel_id: str) -> int:
        gone = sum(1 for i in self.work.tables.intents.values() if i.channel_id == channel_id)
        self.work.purged.add(channel_id)
        return gone
