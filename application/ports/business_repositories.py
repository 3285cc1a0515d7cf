"""Repositories of the Accounts API's data: connections, insights, comments, reply intents."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Protocol

from domain.business_connection import BusinessConnection
from domain.business_insights import AccountDay, AudienceSnapshot, VideoInsight
from domain.comments import Comment, Conversation, ReplyIntent


class BusinessConnectionRepository(Protocol):
    async def add(self, connection: BusinessConnection) -> BusinessConnection:
        """Insert; Conflict if the channel has one already (one per channel)."""
        ...

    async def get(self, connection_id: str) -> BusinessConnection:
        """Raises NotFound."""
        ...

    async def for_channel(self, channel_id: str) -> BusinessConnection | None: ...

    async def with_business_id(self, business_id: str) -> Sequence[BusinessConnection]:
        """Every organisation's connection to this account (webhooks carry no org)."""
        ...

    async def connected(self) -> Sequence[BusinessConnection]: ...

    async def needing_refresh(self, *, before: datetime) -> Sequence[BusinessConnection]: ...

    async def disconnected_before(self, before: datetime) -> Sequence[BusinessConnection]: ...

    async def save(self, connection: BusinessConnection) -> BusinessConnection:
        """Raises Conflict if the stored version moved on."""
        ...


class BusinessMetricsRepository(Protocol):
    async def put_days(self, days: Sequence[AccountDay]) -> None:
        """Store each day, replacing an earlier capture of the same (channel, day)."""
        ...

    async def days(self, channel_id: str, *, since: date) -> Sequence[AccountDay]:
        """Days from ``since`` on, oldest first."""
        ...

    async def add_audience(self, snapshot: AudienceSnapshot) -> None: ...

    async def latest_audience(self, channel_id: str) -> AudienceSnapshot | None: ...

    async def add_video_insights(self, insights: Sequence[VideoInsight]) -> None: ...

    async def video_insights(self, channel_id: str, *, since: datetime) -> Sequence[VideoInsight]:
        """Captures of videos published since ``since``, oldest capture first."""
        ...

    async def purge_channel(self, channel_id: str) -> int: ...


class CommentRepository(Protocol):
    async def get(self, channel_id: str, comment_id: str) -> Comment | None: ...

    async def add_if_new(self, comment: Comment) -> bool:
        """Insert unless the (channel, comment_id) is stored already; True if inserted."""
        ...

    async def save(self, comment: Comment) -> None:
        """Replace a stored comment's facts."""
        ...

    async def thread(self, channel_id: str, video_id: str) -> Sequence[Comment]:
        """A video's comments and replies, oldest first."""
        ...

    async def replies_to(self, channel_id: str, comment_id: str) -> Sequence[Comment]: ...

    async def conversations(self, channel_id: str) -> Sequence[Conversation]:
        """One per video with comments, the latest activity first."""
        ...

    async def mark_read(self, channel_id: str, video_id: str) -> int:
        """How many messages were unread."""
        ...

    async def purge_channel(self, channel_id: str) -> int: ...


class ReplyIntentRepository(Protocol):
    async def add(self, intent: ReplyIntent) -> ReplyIntent: ...

    async def get(self, intent_id: str) -> ReplyIntent:
        """Raises NotFound."""
        ...

    async def save(self, intent: ReplyIntent) -> ReplyIntent:
        """Raises Conflict if the stored version moved on."""
        ...

    async def for_comment(self, channel_id: str, comment_id: str) -> Sequence[ReplyIntent]:
        """Every intent answering this comment, oldest first."""
        ...

    async def for_video(self, channel_id: str, video_id: str) -> Sequence[ReplyIntent]:
        """Every intent answering a comment of this video, oldest first."""
        ...

    async def purge_channel(self, channel_id: str) -> int: ...
