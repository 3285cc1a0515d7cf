"""Builders for domain objects in a known state, driven through the real operations."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from domain.channel import Channel, TokenSet
from domain.creator import CreatorInfo
from domain.post_content import (
    MediaKind,
    PhotoMedia,
    PostContent,
    PostSettings,
    PrivacyLevel,
    VideoMedia,
)
from domain.post_state import ManualReason, PostStatus
from domain.secret import Secret
from domain.social_post import SocialPost
from domain.tiktok_errors import ErrorSource, classify

T0 = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)
CLIP = VideoMedia("v/clip.mp4")
LATER = T0 + timedelta(hours=1)


def video_post(
    post_id: str = "p1",
    *,
    media: VideoMedia | None = CLIP,
    settings: PostSettings | None = None,
    caption: str = "Hello #tiktok",
    channel_id: str = "c1",
    organisation_id: str = "org1",
    now: datetime = T0,
) -> SocialPost:
    return SocialPost.draft(
        post_id=post_id,
        organisation_id=organisation_id,
        channel_id=channel_id,
        kind=MediaKind.VIDEO,
        content=PostContent(caption=caption),
        settings=settings or PostSettings(privacy_level=PrivacyLevel.SELF_ONLY),
        media=media,
        created_by="author",
        now=now,
    )


def photo_post(
    post_id: str = "ph1", *, keys: tuple[str, ...] = ("i/1.jpg", "i/2.jpg"), now: datetime = T0
) -> SocialPost:
    return SocialPost.draft(
        post_id=post_id,
        organisation_id="org1",
        channel_id="c1",
        kind=MediaKind.PHOTO,
        content=PostContent(title="Carousel", description="Two photos #pics"),
        settings=PostSettings(privacy_level=PrivacyLevel.SELF_ONLY),
        media=PhotoMedia(keys),
        created_by="author",
        now=now,
    )


def post_in(
    status: PostStatus, *, post: SocialPost | None = None, now: datetime = T0
) -> SocialPost:
    """A post brought to ``status`` by the operations a user and the workers perform."""
    p = post or video_post(now=now)
    if status is PostStatus.DRAFT:
        return p
    p = p.approve(approved_by="client", now=now)
    if status is PostStatus.CLIENT_APPROVED:
        return p
    if status is PostStatus.MANUAL_PENDING:
        return p.move_to_manual(reason=ManualReason.MANUAL_CHANNEL, now=now)
    p = p.publish_now(now=now)
    if status is PostStatus.SCHEDULED:
        return p
    p = p.start_publishing(attempt=1, now=now)
    if status is PostStatus.PUBLISHING:
        return p
    if status is PostStatus.FAILED:
        return p.mark_failed(error=classify(ErrorSource.API, "invalid_params"), now=now)
    p = p.record_publish_id(publish_id="pub-1", now=now)
    return p.mark_published(tiktok_post_ids=("7001",), share_url="https://t/7001", now=now)


def creator(**overrides: object) -> CreatorInfo:
    values: dict[str, object] = {
        "username": "brand",
        "nickname": "Brand",
        "avatar_url": "",
        "privacy_level_options": (
            PrivacyLevel.PUBLIC_TO_EVERYONE,
            PrivacyLevel.MUTUAL_FOLLOW_FRIENDS,
            PrivacyLevel.SELF_ONLY,
        ),
        "comment_disabled": False,
        "duet_disabled": False,
        "stitch_disabled": False,
        "max_video_post_duration_sec": 300,
    }
    values.update(overrides)
    return CreatorInfo(**values)  # type: ignore[arg-type]


def tokens(
    now: datetime = T0, *, access_s: int = 86_400, refresh_s: int = 31_536_000, n: int = 1
) -> TokenSet:
    return TokenSet.from_grant(
        access_token=f"act.{n}",
        refresh_token=f"rft.{n}",
        expires_in=access_s,
        refresh_expires_in=refresh_s,
        scope="user.info.basic,video.publish,video.upload,video.list",
        now=now,
    )


def channel(
    channel_id: str = "c1",
    *,
    open_id: str = "open-1",
    now: datetime = T0,
    organisation_id: str = "org1",
) -> Channel:
    return Channel.connect(
        channel_id=channel_id,
        organisation_id=organisation_id,
        open_id=open_id,
        display_name="Brand",
        tokens=tokens(now),
        now=now,
        username="brand",
    )


def secret(value: str) -> Secret:
    return Secret(value)
