"""Edit a post: a partial edit of its content, settings or media (what is left None keeps
its value), in one unit of work; any approval is voided."""

from __future__ import annotations

import attrs

from application.ports import Clock, UnitOfWorkFactory
from application.tenancy import post_in_org
from domain.media_key import check_own_media
from domain.post_content import Media, PostSettings, PrivacyLevel
from domain.social_post import SocialPost


@attrs.frozen
class EditPost:
    uow: UnitOfWorkFactory
    clock: Clock

    async def __call__(
        self,
        *,
        organisation_id: str,
        post_id: str,
        caption: str | None = None,
        title: str | None = None,
        description: str | None = None,
        settings: PostSettings | None = None,
        privacy_level: PrivacyLevel | None = None,
        media: Media | None = None,
        remove_media: bool = False,
    ) -> SocialPost:
        check_own_media(media, organisation_id)
        async with self.uow() as uow:
            post = await post_in_org(uow, post_id, organisation_id)
            post = post.edit(
                now=self.clock.now(),
                caption=caption,
                title=title,
                description=description,
                settings=settings,
                privacy_level=privacy_level,
                media=media,
                remove_media=remove_media,
            )
            post = await uow.posts.save(post)
            await uow.commit()
        return post
