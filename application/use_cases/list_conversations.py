"""A channel's comment inbox: one conversation per video, unread counts first."""

from __future__ import annotations

import attrs

from application.business_access import business_connection
from application.ports import UnitOfWorkFactory
from domain.comments import Conversation


@attrs.frozen
class Inbox:
    channel_id: str
    conversations: tuple[Conversation, ...]

    @property
    def unread(self) -> int:
        return sum(c.unread for c in self.conversations)


@attrs.frozen
class ListConversations:
    uow: UnitOfWorkFactory

    async def __call__(self, *, organisation_id: str, channel_id: str) -> Inbox:
        async with self.uow() as uow:
            await business_connection(uow, channel_id, organisation_id)
            return Inbox(channel_id, tuple(await uow.comments.conversations(channel_id)))
