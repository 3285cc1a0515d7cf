"""Create a draft post; an unset privacy becomes the creator's most private option."""

from __future__ import annotations

import attrs

from application.errors import TikTokApiError
from application.ports import REQUEST_MAX_WAIT_S, Clock, IdGenerator, TikTokApi, UnitOfWorkFactory
from application.tenancy import channel_in_org
from domain.channel import ChannelStatus
from domain.media_key import check_own_media
from domain.post_content import Media, MediaKind, PostContent, PostSettings, PublishMethod
from domain.secret import Secret
from domain.social_post import SocialPost


@attrs.frozen
class CreatedPost:
    post: SocialPost
    warnings: tuple[str, ...] = ()


@attrs.frozen
class CreatePost:
    uow: UnitOfWorkFactory
    tiktok: TikTokApi
    clock: Clock
    ids: IdGenerator

    async def __call__(
        self,
        *,
        organisation_id: str,
        channel_id: str,
        kind: MediaKind,
        content: PostContent,
        settings: PostSettings,
        media: Media | None,
        created_by: str,
    ) -> CreatedPost:
        check_own_media(media, organisation_id)
        warnings: list[str] = []
        async with self.uow() as uow:
            channel = await channel_in_org(uow, channel_id, organisation_id)
        if (
            settings.privacy_level is None
            and settings.publish_method is PublishMethod.DIRECT_POST
            and channel.status is ChannelStatus.CONNECTED
        ):  # asked with no transaction open
            settings, warning = await self._default_privacy(channel.access_token(), settings)
            warnings += warning
        async with self.uow() as uow:
            post = SocialPost.draft(
                post_id=self.ids.new_id(),
                organisation_id=organisation_id,
                channel_id=channel_id,
                kind=kind,
                content=content,
                settings=settings,
                media=media,
                created_by=created_by,
                now=self.clock.now(),
            )
            post = await uow.posts.add(post)
            await uow.commit()
        return CreatedPost(post, tuple(warnings))

    async def _default_privacy(
        self, token: Secret, settings: PostSettings
    ) -> tuple[PostSettings, list[str]]:
        try:
            creator = await self.tiktok.creator_info(token, max_wait_s=REQUEST_MAX_WAIT_S)
        except TikTokApiError as exc:
            return settings, [
                f"privacy_level left unset: creator options unavailable ({exc.error.code})"
            ]
        level = creator.most_private_privacy()
        if level is None:
            return settings, ["privacy_level left unset: the creator offers no privacy options"]
        return attrs.evolve(settings, privacy_level=level), [
            f"privacy_level was not given; set to {level.value}, the most private level "
            f"@{creator.username} allows. Choose one explicitly to publish more widely."
        ]
