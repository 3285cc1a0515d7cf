"""One video's conversation: its comments and replies, oldest first, and the replies we
asked for with their state; reading it marks them read (unless ``peek``)."""

from __future__ import annotations

import attrs

from application.business_access import business_connection
from application.errors import NotFound
from application.ports import UnitOfWorkFactory
from domain.comments import Comment, ReplyIntent


@attrs.frozen
class Thread:
    channel_id: str
    video_id: str
    messages: tuple[Comment, ...]
    marked_read: int
    replies: tuple[ReplyIntent, ...] = ()  # pending, posted or failed, oldest first


@attrs.frozen
class ShowConversation:
    uow: UnitOfWorkFactory

    async def __call__(
        self, *, organisation_id: str, channel_id: str, video_id: str, peek: bool = False
    ) -> Thread:
        async with self.uow() as uow:
            await business_connection(uow, channel_id, organisation_id)
            messages = tuple(await uow.comments.thread(channel_id, video_id))
            if not messages:
                raise NotFound("conversation", video_id)
            replies = tuple(await uow.reply_intents.for_video(channel_id, video_id))
            read = 0 if peek else await uow.comments.mark_read(channel_id, video_id)
            await uow.commit()
        return Thread(channel_id, video_id, messages, read, replies)
