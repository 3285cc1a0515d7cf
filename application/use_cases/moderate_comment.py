"""Hide or show a comment at TikTok (any comment on the account's videos)."""

from __future__ import annotations

import attrs

from application.business_access import business_connection
from application.errors import NotFound
from application.ports import Clock, UnitOfWorkFactory
from application.ports.business import BusinessApi
from domain.business_connection import Capability
from domain.comments import Comment, CommentAction


@attrs.frozen
class HideComment:
    uow: UnitOfWorkFactory
    business: BusinessApi
    clock: Clock

    async def __call__(
        self, *, organisation_id: str, channel_id: str, comment_id: str, hidden: bool
    ) -> Comment:
        async with self.uow() as uow:
            _, connection = await business_connection(uow, channel_id, organisation_id)
            comment = await uow.comments.get(channel_id, comment_id)
        if comment is None:
            raise NotFound("comment", comment_id)
        await self.business.hide(
            connection.access_token(Capability.COMMENTS_MANAGE),
            business_id=connection.business_id,
            video_id=comment.video_id,
            comment_id=comment_id,
            hidden=hidden,
        )
        action = CommentAction.SET_TO_HIDDEN if hidden else CommentAction.SET_TO_PUBLIC
        async with self.uow() as uow:
            current = await uow.comments.get(channel_id, comment_id) or comment
            changed = current.apply(action, at=self.clock.now())
            await uow.comments.save(changed)
            await uow.commit()
        return changed
