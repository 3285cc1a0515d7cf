"""Storing a comment however it arrived: once per (channel, comment_id), merged after."""

from __future__ import annotations

from datetime import UTC, datetime

from application.ports import UnitOfWork
from application.ports.business import RemoteComment
from domain.comments import Comment, Visibility
from domain.outgoing_events import for_comment


async def record_comment(uow: UnitOfWork, seen: Comment) -> bool:
    """Store a comment seen by a webhook or a listing; True if it was new to us."""
    known = await uow.comments.get(seen.channel_id, seen.comment_id)
    if known is None:
        added = await uow.comments.add_if_new(seen)
        if added:  # the platform hears of it in the same transaction (ADR 0020)
            channel = await uow.channels.get(seen.channel_id)
            await uow.outbox.add(for_comment(seen, organisation_id=channel.organisation_id))
        return added
    merged = known.merged(seen)
    if merged != known:
        await uow.comments.save(merged)
    return False


def from_remote(channel_id: str, remote: RemoteComment) -> Comment:
    return Comment.received(
        channel_id=channel_id,
        comment_id=remote.comment_id,
        video_id=remote.video_id,
        created_at=datetime.fromtimestamp(remote.create_time, UTC),
        text=remote.text,
        parent_id=remote.parent_comment_id,
        owner=remote.owner,
        visibility=Visibility.HIDDEN if remote.hidden else Visibility.PUBLIC,
        username=remote.username,
        display_name=remote.display_name,
        likes=remote.likes,
    )
