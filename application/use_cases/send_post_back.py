"""A client sends a draft back with a comment: it stays a draft, the comment in its trail."""

from __future__ import annotations

import attrs

from application.ports import Clock, UnitOfWorkFactory
from application.tenancy import post_in_org
from domain.social_post import SocialPost


@attrs.frozen
class SendPostBack:
    uow: UnitOfWorkFactory
    clock: Clock

    async def __call__(
        self, *, organisation_id: str, post_id: str, sent_back_by: str, comment: str
    ) -> SocialPost:
        async with self.uow() as uow:
            post = await post_in_org(uow, post_id, organisation_id)
            post = await uow.posts.save(
                post.send_back(sent_back_by=sent_back_by, comment=comment, now=self.clock.now())
            )
            await uow.commit()
        return post
