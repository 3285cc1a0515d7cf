"""A post as a person checks it before it goes out: the post, its channel, and short-lived
signed links to its media for the page's preview."""

from __future__ import annotations

from datetime import timedelta

import attrs

from application.ports import ObjectStorage, UnitOfWorkFactory
from application.tenancy import post_in_org
from domain.channel import Channel
from domain.media_key import check_own_media, media_keys
from domain.social_post import SocialPost

PREVIEW_LIFETIME = timedelta(hours=1)


@attrs.frozen
class PostPreview:
    post: SocialPost
    channel: Channel
    media_links: tuple[str, ...]


@attrs.frozen
class PreviewPost:
    uow: UnitOfWorkFactory
    storage: ObjectStorage

    async def __call__(self, *, organisation_id: str, post_id: str) -> PostPreview:
        async with self.uow() as uow:
            post = await post_in_org(uow, post_id, organisation_id)
            channel = await uow.channels.get(post.channel_id)
        check_own_media(post.media, organisation_id)  # never sign another's object
        links = tuple(
            [await self.storage.presigned_url(k, PREVIEW_LIFETIME) for k in media_keys(post.media)]
        )
        return PostPreview(post, channel, links)
