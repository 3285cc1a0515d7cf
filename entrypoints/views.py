"""JSON shapes of what the API and the CLI's ``--json`` print: the same for both.

Tokens never appear: channels are shaped field by field, never unstructured whole.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

import attrs
import cattrs

from application.use_cases.list_channel_videos import ChannelVideos
from application.use_cases.post_metrics import PostMetrics
from domain.api_key import ApiKey
from domain.channel import Channel
from domain.creator import CreatorInfo
from domain.metrics import AccountSnapshot
from domain.post_content import PhotoMedia, VideoMedia
from domain.social_post import SocialPost
from domain.tiktok_errors import TikTokError
from entrypoints.http.v1 import responses as r
from entrypoints.http.v1.schemas import PostSettingsIn

_out = cattrs.Converter()
_out.register_unstructure_hook(datetime, lambda d: d.isoformat())
_out.register_unstructure_hook(date, lambda d: d.isoformat())


def plain(value: Any) -> Any:
    """Any attrs value (insight, snapshot, report...) as JSON-ready data."""
    if isinstance(value, enum.Enum):
        return value.value
    return _out.unstructure(value)


def failure_out(error: TikTokError | None) -> r.FailureOut | None:
    if error is None:
        return None
    return r.FailureOut(
        error.code,
        error.category.value,
        error.spec.message,
        error.spec.remedy,
        error.retryable,
        error.log_id,
        error.detail,
    )


def error_view(error: TikTokError | None) -> dict[str, Any] | None:
    view: dict[str, Any] | None = plain(failure_out(error))
    return view


def media_out(media: VideoMedia | PhotoMedia | None) -> r.VideoMediaOut | r.PhotoMediaOut | None:
    if isinstance(media, VideoMedia):
        return r.VideoMediaOut(media.key)
    if isinstance(media, PhotoMedia):
        return r.PhotoMediaOut(list(media.keys), media.cover_index)
    return None


def media_view(media: VideoMedia | PhotoMedia | None) -> dict[str, Any] | None:
    view: dict[str, Any] | None = plain(media_out(media))
    return view


def post_out(post: SocialPost, *, events: bool = False) -> r.PostOut:
    return r.PostOut(
        id=post.id,
        channel_id=post.channel_id,
        kind=post.kind,
        status=post.status,
        tracking=post.tracking.value if post.tracking else None,
        content=r.ContentOut(post.content.caption, post.content.title, post.content.description),
        settings=PostSettingsIn.of(post.settings),
        media=media_out(post.media),
        created_at=post.created_at,
        approved_by=post.approved_by,
        scheduled_at=post.scheduled_at,
        attempts=post.attempts,
        next_attempt_at=post.next_attempt_at,
        publish_id=post.publish_id,
        tiktok_post_ids=list(post.tiktok_post_ids),
        share_url=post.share_url,
        failure=failure_out(post.failure),
        manual_reason=post.manual_reason.value if post.manual_reason else None,
        version=post.version,
        events=[{"name": e.name, **plain(e)} for e in post.events] if events else None,
    )


def post_view(post: SocialPost, *, events: bool = False) -> dict[str, Any]:
    view: dict[str, Any] = plain(post_out(post, events=events))
    return view


def channel_out(channel: Channel, account: AccountSnapshot | None = None) -> r.ChannelOut:
    tokens = channel.tokens
    return r.ChannelOut(
        id=channel.id,
        open_id=channel.open_id,
        display_name=channel.display_name,
        username=channel.username,
        avatar_url=channel.avatar_url,
        status=channel.status.value,
        status_reason=channel.status_reason,
        publishing_mode=channel.publishing_mode.value,
        time_zone=channel.time_zone,
        connected_at=channel.connected_at,
        scopes=sorted(channel.scopes),
        missing_scopes=sorted(channel.missing_scopes),
        access_expires_at=tokens.access_expires_at if tokens else None,
        refresh_expires_at=tokens.refresh_expires_at if tokens else None,
        account=(
            {k: v for k, v in plain(account).items() if k != "channel_id"} if account else None
        ),
    )


def channel_view(channel: Channel, account: AccountSnapshot | None = None) -> dict[str, Any]:
    view: dict[str, Any] = plain(channel_out(channel, account))
    return view


def creator_view(creator: CreatorInfo) -> dict[str, Any]:
    """TikTok's UX rules: no privacy default is chosen for the user."""
    return {
        "username": creator.username,
        "nickname": creator.nickname,
        "avatar_url": creator.avatar_url,
        "privacy_level_options": [p.value for p in creator.privacy_level_options],
        "privacy_level_default": None,
        "comment_disabled": creator.comment_disabled,
        "duet_disabled": creator.duet_disabled,
        "stitch_disabled": creator.stitch_disabled,
        "max_video_post_duration_sec": creator.max_video_post_duration_sec,
    }


def api_key_view(key: ApiKey) -> dict[str, Any]:
    return {
        "id": key.id,
        "name": key.name,
        "created_at": key.created_at.isoformat(),
        "revoked_at": key.revoked_at.isoformat() if key.revoked_at else None,
        "last_used_at": key.last_used_at.isoformat() if key.last_used_at else None,
    }


def page(items: Sequence[dict[str, Any]], *, limit: int) -> dict[str, Any]:
    """Keyset paging: ``next_after`` is the id to pass as ``after`` for the next page."""
    more = len(items) == limit and bool(items)
    return {"items": list(items), "next_after": items[-1]["id"] if more else None}


def post_page(posts: Sequence[SocialPost], *, limit: int) -> dict[str, Any]:
    """A page of posts (``r.PostPage``); ``next_after`` is the last id when the page is full."""
    more = len(posts) == limit and bool(posts)
    view: dict[str, Any] = plain(
        r.PostPage([post_out(p) for p in posts], posts[-1].id if more else None)
    )
    return view


def readiness_view(ready: Any) -> dict[str, Any]:
    view: dict[str, Any] = plain(
        r.Readiness(
            post_out(ready.post),
            list(ready.warnings),
            ready.manual,
            plain(ready.report) if ready.report is not None else None,
        )
    )
    return view


def channel_videos_view(found: ChannelVideos) -> dict[str, Any]:
    """TikTok's page of videos, each marked with the post of ours it came from (if any)."""
    page = found.page
    videos = [
        r.VideoOut(
            **attrs.asdict(v),
            post_id=found.posted_as.get(v.id),
            published_by_us=v.id in found.posted_as,
        )
        for v in page.videos
    ]
    data: dict[str, Any] = plain(r.VideosOut(videos, page.cursor, page.has_more))
    return data


def post_metrics_view(metrics: PostMetrics) -> dict[str, Any]:
    return {
        "post_id": metrics.post_id,
        "video_ids": list(metrics.video_ids),
        "latest": plain(metrics.latest) if metrics.latest else None,
        "points": [plain(p) for p in metrics.points],
    }
