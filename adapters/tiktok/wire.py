"""TikTok's JSON shapes, and the converter (private to this adapter) that builds and reads
them. Requests come from the domain's post and settings; answers become typed results."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import attrs
import cattrs

from application.ports.tiktok import TikTokVideo, VideoSourceSpec
from domain.chunk_plan import ChunkPlan
from domain.post_content import PhotoMedia, PublishMethod, VideoSource
from domain.social_post import SocialPost

converter = cattrs.Converter(omit_if_default=True)
reader = cattrs.Converter()  # forbids nothing: TikTok may add fields at any time


# ---- requests -------------------------------------------------------------------------


@attrs.frozen
class VideoPostInfo:
    privacy_level: str
    title: str | None = None
    disable_duet: bool = False
    disable_stitch: bool = False
    disable_comment: bool = False
    video_cover_timestamp_ms: int | None = None
    brand_content_toggle: bool = False
    brand_organic_toggle: bool = False
    is_aigc: bool = False


@attrs.frozen
class SourceInfo:
    source: str
    video_url: str | None = None
    video_size: int | None = None
    chunk_size: int | None = None
    total_chunk_count: int | None = None


@attrs.frozen
class VideoInitBody:
    source_info: SourceInfo
    post_info: VideoPostInfo | None = None


@attrs.frozen
class PhotoPostInfo:
    title: str | None = None
    description: str | None = None
    privacy_level: str | None = None
    disable_comment: bool = False
    auto_add_music: bool = False
    brand_content_toggle: bool = False
    brand_organic_toggle: bool = False


@attrs.frozen
class PhotoSourceInfo:
    source: str  # required fields have no default: the converter omits only defaults
    photo_images: list[str]
    photo_cover_index: int


@attrs.frozen
class PhotoInitBody:
    media_type: str
    post_mode: str
    post_info: PhotoPostInfo
    source_info: PhotoSourceInfo
    is_aigc: bool = False


def _source_info(spec: VideoSourceSpec) -> SourceInfo:
    if spec.source is VideoSource.PULL_FROM_URL:
        return SourceInfo("PULL_FROM_URL", video_url=spec.video_url)
    plan: ChunkPlan | None = spec.plan
    if plan is None:
        raise ValueError("FILE_UPLOAD needs a chunk plan")
    return SourceInfo(
        "FILE_UPLOAD",
        video_size=plan.video_size,
        chunk_size=plan.chunk_size,
        total_chunk_count=plan.total_chunk_count,
    )


def video_init_body(post: SocialPost, spec: VideoSourceSpec) -> dict[str, Any]:
    """Direct Post carries the post's settings; an inbox upload only its source."""
    source = _source_info(spec)
    if post.settings.publish_method is PublishMethod.INBOX:
        return _dump(VideoInitBody(source))
    s = post.settings
    if s.privacy_level is None:
        raise ValueError(f"post {post.id} has no privacy level for Direct Post")
    info = VideoPostInfo(
        s.privacy_level.value,
        post.content.caption or None,
        s.disable_duet,
        s.disable_stitch,
        s.disable_comment,
        s.video_cover_timestamp_ms,
        s.brand_content_toggle,
        s.brand_organic_toggle,
        s.is_aigc,
    )
    return _dump(VideoInitBody(source, info))


def photo_init_body(post: SocialPost, photo_urls: Sequence[str]) -> dict[str, Any]:
    if not isinstance(post.media, PhotoMedia):
        raise ValueError(f"post {post.id} is not a photo post")
    s, direct = post.settings, post.settings.publish_method is not PublishMethod.INBOX
    info = PhotoPostInfo(
        post.content.title or None,
        post.content.description or None,
        s.privacy_level.value if direct and s.privacy_level else None,
        s.disable_comment and direct,
        s.auto_add_music and direct,
        s.brand_content_toggle and direct,
        s.brand_organic_toggle and direct,
    )
    body = PhotoInitBody(
        "PHOTO",
        "DIRECT_POST" if direct else "MEDIA_UPLOAD",
        info,
        PhotoSourceInfo("PULL_FROM_URL", list(photo_urls), post.media.cover_index),
        is_aigc=s.is_aigc,
    )
    return _dump(body)


def _dump(value: object) -> dict[str, Any]:
    raw: dict[str, Any] = converter.unstructure(value)
    return _without_none(raw)


def _without_none(raw: dict[str, Any]) -> dict[str, Any]:
    return {
        k: _without_none(v) if isinstance(v, dict) else v for k, v in raw.items() if v is not None
    }


# ---- answers --------------------------------------------------------------------------


@attrs.frozen
class CreatorInfoData:
    creator_username: str
    creator_nickname: str = ""
    creator_avatar_url: str = ""
    privacy_level_options: list[str] = attrs.Factory(list)
    comment_disabled: bool = False
    duet_disabled: bool = False
    stitch_disabled: bool = False
    max_video_post_duration_sec: int = 0


@attrs.frozen
class InitData:
    publish_id: str
    upload_url: str | None = None


@attrs.frozen
class StatusData:
    status: str
    fail_reason: str | None = None
    publicaly_available_post_id: list[str] = attrs.Factory(list)  # sic: TikTok's spelling
    uploaded_bytes: int | None = None
    downloaded_bytes: int | None = None


@attrs.frozen
class VideoListData:
    videos: list[TikTokVideo] = attrs.Factory(list)  # the port's type, field for field
    cursor: int | None = None
    has_more: bool = False


class UnexpectedAnswer(Exception):
    """An answer whose shape does not fit what TikTok documents."""


def read(data: Any, cls: type[Any]) -> Any:
    """Structure an answer; anything that does not fit raises UnexpectedAnswer (the client
    maps it to an error of the taxonomy instead of letting a parsing error escape)."""
    try:
        return reader.structure(data, cls)
    except (cattrs.BaseValidationError, ValueError, TypeError, KeyError, AttributeError) as exc:
        raise UnexpectedAnswer(f"{cls.__name__}: {_describe(exc)}") from None


def _describe(exc: Exception) -> str:
    if isinstance(exc, cattrs.BaseValidationError):
        return "; ".join(cattrs.transform_error(exc)) or str(exc)
    return f"{type(exc).__name__}: {exc}"


def status_data(data: Any) -> StatusData:
    """The status answer, tolerant where TikTok's answers vary: the public post ids absent,
    empty, null, or numbers sent as strings."""
    if not isinstance(data, dict):
        raise UnexpectedAnswer(f"status data is {type(data).__name__}, not an object")
    ids = data.get("publicaly_available_post_id") or []
    if not isinstance(ids, list):
        ids = [ids]
    cleaned = {**data, "publicaly_available_post_id": [str(i) for i in ids if str(i).strip()]}
    found: StatusData = read(cleaned, StatusData)
    return found
