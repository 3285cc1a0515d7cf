"""The organisation's comment inbox across its channels with an Accounts API connection:
conversations newest first, optionally of one channel or only those awaiting a reply."""

from __future__ import annotations

import attrs

from application.ports import UnitOfWorkFactory
from application.tenancy import channel_in_org
from domain.channel import Channel
from domain.comments import Conversation


@attrs.frozen
class InboxEntry:
    channel: Channel
    conversation: Conversation


@attrs.frozen
class OrganisationInbox:
    entries: tuple[InboxEntry, ...]
    channels: tuple[Channel, ...]  # those with an Accounts API connection (any status)

    @property
    def unread(self) -> int:
        return sum(e.conversation.unread for e in self.entries)


@attrs.frozen
class ListOrganisationInbox:
    uow: UnitOfWorkFactory

    async def __call__(
        self, *, organisation_id: str, channel_id: str | None = None, unanswered: bool = False
    ) -> OrganisationInbox:
        async with self.uow() as uow:
            if channel_id is not None:
                await channel_in_org(uow, channel_id, organisation_id)
            channels = [
                c
                for c in await uow.channels.list(organisation_id)
                if await uow.business_connections.for_channel(c.id) is not None
            ]
            entries = [
                InboxEntry(c, conversation)
                for c in channels
                if channel_id is None or c.id == channel_id
                for conversation in await uow.comments.conversations(c.id)
                if not unanswered or conversation.unanswered
            ]
        entries.sort(
            key=lambda e: (e.conversation.last_activity_at, e.conversation.video_id), reverse=True
        )
        return OrganisationInbox(tuple(entries), tuple(channels))
