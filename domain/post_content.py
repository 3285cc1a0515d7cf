"""What a post says and how it is posted: content, settings, media, publish method."""

from __future__ import annotations

import enum

import attrs

from domain.errors import RuleViolation, raise_if_any
from domain.text import parse_hashtags, utf16_length

CAPTION_MAX_UTF16 = 2200
PHOTO_TITLE_MAX_UTF16 = 90
PHOTO_DESCRIPTION_MAX_UTF16 = 4000
PHOTO_COUNT_MIN = 1
PHOTO_COUNT_MAX = 35


class PrivacyLevel(enum.StrEnum):
    PUBLIC_TO_EVERYONE = "PUBLIC_TO_EVERYONE"
    MUTUAL_FOLLOW_FRIENDS = "MUTUAL_FOLLOW_FRIENDS"
    FOLLOWER_OF_CREATOR = "FOLLOWER_OF_CREATOR"
    SELF_ONLY = "SELF_ONLY"


# Most private first: used when a caller leaves privacy out.
PRIVACY_MOST_PRIVATE_FIRST = (
    PrivacyLevel.SELF_ONLY,
    PrivacyLevel.MUTUAL_FOLLOW_FRIENDS,
    PrivacyLevel.FOLLOWER_OF_CREATOR,
    PrivacyLevel.PUBLIC_TO_EVERYONE,
)


class MediaKind(enum.StrEnum):
    VIDEO = "video"
    PHOTO = "photo"


class PublishMethod(enum.StrEnum):
    DIRECT_POST = "direct_post"
    INBOX = "inbox"  # inbox/draft upload; MEDIA_UPLOAD for photos
    MANUAL = "manual"


class VideoSource(enum.StrEnum):
    FILE_UPLOAD = "FILE_UPLOAD"
    PULL_FROM_URL = "PULL_FROM_URL"


@attrs.frozen
class VideoMedia:
    """One video, as an object-storage key."""

    key: str


@attrs.frozen
class PhotoMedia:
    """1 to 35 photos, as object-storage keys, and the cover's index."""

    keys: tuple[str, ...]
    cover_index: int = 0


Media = VideoMedia | PhotoMedia


@attrs.frozen
class PostContent:
    """Caption for a video; title and description for a photo post."""

    caption: str = ""
    title: str = ""
    description: str = ""

    @property
    def hashtags(self) -> tuple[str, ...]:
        return parse_hashtags(f"{self.caption}\n{self.title}\n{self.description}")

    def revised(
        self,
        *,
        caption: str | None = None,
        title: str | None = None,
        description: str | None = None,
    ) -> PostContent:
        """A partial edit: what is left None keeps its value."""
        return PostContent(
            self.caption if caption is None else caption,
            self.title if title is None else title,
            self.description if description is None else description,
        )


@attrs.frozen
class PostSettings:
    """Every TikTok post setting we expose. ``privacy_level`` None means not chosen yet."""

    privacy_level: PrivacyLevel | None = None
    disable_duet: bool = False
    disable_comment: bool = False
    disable_stitch: bool = False
    video_cover_timestamp_ms: int | None = None
    is_aigc: bool = False
    brand_content_toggle: bool = False
    brand_organic_toggle: bool = False
    auto_add_music: bool = False
    publish_method: PublishMethod = PublishMethod.DIRECT_POST
    video_source: VideoSource = VideoSource.FILE_UPLOAD


def content_violations(
    kind: MediaKind, content: PostContent, settings: PostSettings, media: Media | None
) -> list[RuleViolation]:
    """Every rule a post's own content breaks, independent of the creator."""
    found: list[RuleViolation] = []
    if kind is MediaKind.VIDEO:
        found += _length("caption", content.caption, CAPTION_MAX_UTF16)
        if content.title or content.description:
            found.append(
                RuleViolation(
                    "video_has_photo_text",
                    "title",
                    "a video post has a caption only; title and description are for photos",
                )
            )
        if media is not None and not isinstance(media, VideoMedia):
            found.append(
                RuleViolation("media_kind_mismatch", "media", "a video post takes one video")
            )
        if settings.auto_add_music:
            found.append(
                RuleViolation(
                    "music_photo_only", "auto_add_music", "auto_add_music is for photo posts"
                )
            )
    else:
        found += _length("title", content.title, PHOTO_TITLE_MAX_UTF16)
        found += _length("description", content.description, PHOTO_DESCRIPTION_MAX_UTF16)
        if content.caption:
            found.append(
                RuleViolation(
                    "photo_has_caption",
                    "caption",
                    "a photo post has a title and a description, not a caption",
                )
            )
        if media is None or not isinstance(media, PhotoMedia):
            found.append(
                RuleViolation("media_kind_mismatch", "media", "a photo post takes 1 to 35 photos")
            )
        else:
            found += _photo_media(media)
        if settings.disable_duet or settings.disable_stitch:
            found.append(
                RuleViolation(
                    "duet_stitch_video_only",
                    "disable_duet" if settings.disable_duet else "disable_stitch",
                    "duet and stitch do not apply to photo posts",
                )
            )
        if settings.video_cover_timestamp_ms is not None:
            found.append(
                RuleViolation(
                    "cover_timestamp_video_only",
                    "video_cover_timestamp_ms",
                    "a cover frame applies to videos; photo posts use photo_cover_index",
                )
            )
    if settings.video_cover_timestamp_ms is not None and settings.video_cover_timestamp_ms < 0:
        found.append(
            RuleViolation(
                "cover_timestamp_negative",
                "video_cover_timestamp_ms",
                "must be 0 or more",
                settings.video_cover_timestamp_ms,
                0,
            )
        )
    if settings.brand_content_toggle and settings.privacy_level is PrivacyLevel.SELF_ONLY:
        found.append(
            RuleViolation(
                "branded_content_private",
                "privacy_level",
                "branded content (paid partnership) cannot be SELF_ONLY",
                settings.privacy_level.value,
                "any level but SELF_ONLY",
            )
        )
    return found


def validate_content(
    kind: MediaKind, content: PostContent, settings: PostSettings, media: Media | None
) -> None:
    raise_if_any(content_violations(kind, content, settings, media))


def _length(field: str, text: str, limit: int) -> list[RuleViolation]:
    size = utf16_length(text)
    if size <= limit:
        return []
    return [
        RuleViolation(
            f"{field}_too_long",
            field,
            f"is {size} UTF-16 code units; TikTok allows at most {limit}",
            size,
            limit,
        )
    ]


def _photo_media(media: PhotoMedia) -> list[RuleViolation]:
    found: list[RuleViolation] = []
    count = len(media.keys)
    if not PHOTO_COUNT_MIN <= count <= PHOTO_COUNT_MAX:
        found.append(
            RuleViolation(
                "photo_count",
                "media.keys",
                f"has {count} photos; a photo post takes {PHOTO_COUNT_MIN} to {PHOTO_COUNT_MAX}",
                count,
                f"{PHOTO_COUNT_MIN}..{PHOTO_COUNT_MAX}",
            )
        )
    if count and not 0 <= media.cover_index < count:
        found.append(
            RuleViolation(
                "photo_cover_index",
                "media.cover_index",
                f"must index one of the {count} photos",
                media.cover_index,
                f"0..{count - 1}",
            )
        )
    if any(not key for key in media.keys):
        found.append(RuleViolation("photo_key_empty", "media.keys", "photo keys must not be empty"))
    return found
