"""Apply a ``comment.update`` webhook (already verified): each delivery once, each comment
once per channel, for every organisation connected to the account."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime

import attrs

from application.comment_store import record_comment
from application.ports import Clock, UnitOfWork, UnitOfWorkFactory
from domain.channel import ChannelStatus
from domain.comments import Comment, CommentAction, ReplyState


@attrs.frozen
class CommentEventApplied:
    duplicate: bool
    new_comments: int
    channels: int


@attrs.frozen
class IngestCommentEvent:
    uow: UnitOfWorkFactory
    clock: Clock

    async def __call__(
        self, *, identity: str, business_id: str, content: Mapping[str, object]
    ) -> CommentEventApplied:
        action = CommentAction(str(content.get("comment_action", "insert")))
        now = self.clock.now()
        async with self.uow() as uow:
            if not await uow.webhook_events.remember(f"comment:{identity}", received_at=now):
                return CommentEventApplied(True, 0, 0)
            connections = [
                c
                for c in await uow.business_connections.with_business_id(business_id)
                if c.status is ChannelStatus.CONNECTED
            ]
            new = 0
            for connection in connections:
                comment = await _comment(uow, connection.channel_id, content, now)
                if await record_comment(uow, comment):
                    new += 1
                if action is not CommentAction.INSERT:
                    stored = await uow.comments.get(comment.channel_id, comment.comment_id)
                    if stored is not None:
                        await uow.comments.save(stored.apply(action, at=now))
            await uow.commit()
        return CommentEventApplied(False, new, len(connections))


async def _comment(
    uow: UnitOfWork, channel_id: str, content: Mapping[str, object], now: datetime
) -> Comment:
    parent = str(content.get("parent_comment_id") or "") or None
    text = str(content.get("text") or "")
    ours = parent is not None and any(  # our own reply, whose answer we may not have had
        i.text == text and i.state is not ReplyState.FAILED
        for i in await uow.reply_intents.for_comment(channel_id, parent)
    )
    stamp = content.get("timestamp")
    return Comment.received(
        channel_id=channel_id,
        comment_id=str(content["comment_id"]),
        video_id=str(content.get("video_id") or ""),
        created_at=datetime.fromtimestamp(int(str(stamp)), UTC) if stamp else now,
        text=text,
        parent_id=parent,
        owner=ours,
    )
