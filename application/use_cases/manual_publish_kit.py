"""Everything a person needs to post by hand: caption, signed asset links, a deep link."""

from __future__ import annotations

from datetime import timedelta

import attrs

from application.ports import ObjectStorage, UnitOfWorkFactory
from application.tenancy import post_in_org
from domain.media_key import check_own_media, media_keys

TIKTOK_UPLOAD_LINK = "https://www.tiktok.com/upload"
LINK_LIFETIME = timedelta(hours=24)


@attrs.frozen
class ManualPublishKit:
    post_id: str
    caption: str
    hashtags: tuple[str, ...]
    asset_links: tuple[str, ...]
    deep_link: str
    links_expire_in_s: int
    reason: str | None


@attrs.frozen
class GetManualPublishKit:
    uow: UnitOfWorkFactory
    storage: ObjectStorage

    async def __call__(self, *, organisation_id: str, post_id: str) -> ManualPublishKit:
        async with self.uow() as uow:
            post = await post_in_org(uow, post_id, organisation_id)
        check_own_media(post.media, organisation_id)  # never sign another's object
        keys = media_keys(post.media)
        links = tuple([await self.storage.presigned_url(k, LINK_LIFETIME) for k in keys])
        text = post.content.caption or "\n\n".join(
            part for part in (post.content.title, post.content.description) if part
        )
        return ManualPublishKit(
            post.id,
            text,
            post.content.hashtags,
            links,
            TIKTOK_UPLOAD_LINK,
            int(LINK_LIFETIME.total_seconds()),
            post.manual_reason.value if post.manual_reason else None,
        )
