"""The publisher's calls before TikTok holds the post: the creator gate and pre-flight,
the media's source, and the init. No transaction is open around any of them."""

from __future__ import annotations

from datetime import datetime, timedelta
from functools import partial

import attrs

from application.errors import TikTokApiError, UpstreamUnavailable
from application.ports import ObjectStorage, ProgressCallback, TikTokApi
from application.ports.tiktok import InitResult, VideoSourceSpec
from application.use_cases.validate_post import ValidatePost
from domain.channel import Channel, ChannelUnusable
from domain.chunk_plan import DEFAULT_CHUNK, plan_chunks
from domain.post_content import PhotoMedia, VideoMedia, VideoSource
from domain.secret import Secret
from domain.social_post import SocialPost
from domain.tiktok_errors import ErrorSource, TikTokError, classify

MEDIA_URL_LIFETIME = timedelta(hours=1)
CONTENT_TYPES = {".mp4": "video/mp4", ".mov": "video/quicktime", ".webm": "video/webm"}


def content_type_for(key: str) -> str:
    return next((t for ext, t in CONTENT_TYPES.items() if key.lower().endswith(ext)), "video/mp4")


def channel_token(channel: Channel) -> Secret:
    """The channel's access token; an unusable channel is a classified TikTok-side error."""
    try:
        return channel.access_token()
    except ChannelUnusable as exc:
        error = classify(ErrorSource.CLIENT, "channel_not_connected", detail=str(exc))
        raise TikTokApiError(error) from None


@attrs.frozen
class InitSent:
    """TikTok's answer to the init, or why the post was not sent (``rejection``)."""

    spec: VideoSourceSpec | None = None
    result: InitResult | None = None
    rejection: TikTokError | None = None  # the pre-flight refused the post: it fails
    fault: TikTokError | None = None  # the media could not be read for now: retried

    @property
    def upload_url(self) -> str | None:
        return self.result.upload_url if self.result is not None else None

    def recorded(self, post: SocialPost, now: datetime) -> SocialPost:
        """The post holding the publish id (and, for an upload, started uploading)."""
        assert self.result is not None
        post = post.record_publish_id(publish_id=self.result.publish_id, now=now)
        return post if self.upload_url is None else post.begin_upload(now=now)


@attrs.frozen
class SendInit:
    tiktok: TikTokApi
    storage: ObjectStorage
    validate: ValidatePost
    preferred_chunk_size: int = DEFAULT_CHUNK

    async def window_wait(self, post: SocialPost, channel: Channel) -> float:
        """Seconds until the token's init window has a slot (0: now)."""
        try:
            return await self.tiktok.init_wait_s(channel.access_token(), post=post)
        except ChannelUnusable:
            return 0.0  # the attempt reports the channel's state

    async def __call__(self, post: SocialPost, channel: Channel) -> InitSent:
        """Raises TikTokApiError for what TikTok (or the way to it) answered."""
        token = channel_token(channel)
        creator = await self.tiktok.creator_info(token)
        try:
            report = await self.validate(post, creator)
        except UpstreamUnavailable as exc:  # storage or the network, not the file
            return InitSent(
                fault=classify(ErrorSource.CLIENT, "media_fetch_failed", detail=str(exc))
            )
        if report.errors:
            return InitSent(rejection=report.rejection())
        if isinstance(post.media, PhotoMedia):
            urls = [
                await self.storage.presigned_url(k, MEDIA_URL_LIFETIME) for k in post.media.keys
            ]
            spec = VideoSourceSpec(VideoSource.PULL_FROM_URL)
            return InitSent(spec, await self.tiktok.init_photos(token, post=post, photo_urls=urls))
        assert isinstance(post.media, VideoMedia)
        if post.settings.video_source is VideoSource.PULL_FROM_URL:
            url = await self.storage.presigned_url(post.media.key, MEDIA_URL_LIFETIME)
            spec = VideoSourceSpec(VideoSource.PULL_FROM_URL, video_url=url)
        else:
            info = await self.storage.head(post.media.key)
            plan = plan_chunks(info.size, self.preferred_chunk_size)
            spec = VideoSourceSpec(VideoSource.FILE_UPLOAD, plan=plan)
        return InitSent(spec, await self.tiktok.init_video(token, post=post, source=spec))

    async def upload(
        self, post: SocialPost, sent: InitSent, progress: ProgressCallback | None
    ) -> None:
        """Send the file in its chunks (a FILE_UPLOAD init only), read from the store."""
        if sent.upload_url is None or sent.spec is None or sent.spec.plan is None:
            return
        assert isinstance(post.media, VideoMedia)
        await self.tiktok.upload(
            sent.upload_url,
            plan=sent.spec.plan,
            read_range=partial(self.storage.read_range, post.media.key),
            content_type=content_type_for(post.media.key),
            progress=progress,
        )
