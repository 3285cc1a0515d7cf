"""Delete one of the account's own comments or replies at TikTok (TikTok allows no more)."""

from __future__ import annotations

import attrs

from application.business_access import business_connection
from application.errors import NotFound
from application.ports import Clock, UnitOfWorkFactory
from application.ports.business import BusinessApi
from domain.business_connection import Capability
from domain.comments import Comment, CommentAction


@attrs.frozen
class DeleteComment:
    uow: UnitOfWorkFactory
    business: BusinessApi
    clock: Clock

    async def __call__(self, *, organisation_id: str, channel_id: str, comment_id: str) -> Comment:
        async with self.uow() as uow:
            _, connection = await business_connection(uow, channel_id, organisation_id)
            comment = await uow.comments.get(channel_id, comment_id)
        if comment is None:
            raise NotFound("comment", comment_id)
        comment.check_deletable()
        await self.business.delete_comment(
            connection.access_token(Capability.COMMENTS_MANAGE),
            business_id=connection.business_id,
            comment_id=comment_id,
        )
        async with self.uow() as uow:
            current = await uow.comments.get(channel_id, comment_id) or comment
            deleted = current.apply(CommentAction.DELETE, at=self.clock.now())
            await uow.comments.save(deleted)
            await uow.commit()
        return deleted
