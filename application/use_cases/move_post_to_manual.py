"""Send a post to manual publishing, with the reason."""

from __future__ import annotations

import attrs

from application.ports import Clock, UnitOfWorkFactory
from application.tenancy import post_in_org
from domain.post_state import ManualReason
from domain.social_post import SocialPost


@attrs.frozen
class MovePostToManual:
    uow: UnitOfWorkFactory
    clock: Clock

    async def __call__(
        self, *, organisation_id: str, post_id: str, reason: ManualReason, detail: str = ""
    ) -> SocialPost:
        async with self.uow() as uow:
            post = await post_in_org(uow, post_id, organisation_id)
            post = await uow.posts.save(
                post.move_to_manual(reason=reason, now=self.clock.now(), detail=detail)
            )
            await uow.commit()
        return post
