"""A person posted by hand in the TikTok app and gives us the post's URL."""

from __future__ import annotations

import attrs

from application.ports import Clock, UnitOfWorkFactory
from application.tenancy import channel_in_org, post_in_org
from domain.social_post import SocialPost


@attrs.frozen
class MarkPostManuallyPublished:
    uow: UnitOfWorkFactory
    clock: Clock

    async def __call__(
        self, *, organisation_id: str, post_id: str, url: str, marked_by: str
    ) -> SocialPost:
        async with self.uow() as uow:
            post = await post_in_org(uow, post_id, organisation_id)
            channel = await channel_in_org(uow, post.channel_id, organisation_id)
            post = await uow.posts.save(
                post.mark_manually_published(
                    url=url,
                    account_username=channel.username,
                    marked_by=marked_by,
                    now=self.clock.now(),
                )
            )
            await uow.commit()
        return post
