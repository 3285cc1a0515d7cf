"""JSON shapes of what the API and the CLI's ``--json`` print: the same for both.

Tokens never appear: channels are shaped field by field, never unstructured whole.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

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

_out = cattrs.Converter()
_out.register_unstructure_hook(datetime, lambda d: d.isoformat())
_out.register_unstructure_hook(date, lambda d: d.isoformat())


def plain(value: Any) -> Any:
    """Any attrs value (insight, snapshot, report...) as JSON-ready data."""
    if isinstance(value, enum.Enum):
        return value.value
    return _out.unstructure(value)


def error_view(error: TikTokError | None) -> dict[str, Any] | None:
    if error is None:
        return None
    return {
        "code": error.code,
        "category": error.category.value,
        "message": error.spec.message,
        "remedy": error.spec.remedy,
        "retryable": error.retryable,
        "log_id": error.log_id,
        "detail": error.detail,
    }


def media_view(media: VideoMedia | PhotoMedia | None) -> dict[str, Any] | None:
    if isinstance(media, VideoMedia):
        return {"video_key": media.key}
    if isinstance(media, PhotoMedia):
        return {"photo_keys": list(media.keys), "cover_index": media.cover_index}
    return None


def post_view(post: SocialPost, *, events: bool = False) -> dict[str, Any]:
    view: dict[str, Any] = {
        "id": post.id,
        "channel_id": post.channel_id,
        "kind": post.kind.value,
        "status": post.status.value,
        "tracking": post.tracking.value if post.tracking else None,
        "content": plain(post.content),
        "settings": plain(post.settings),
        "media": media_view(post.media),
        "created_at": post.created_at.isoformat(),
        "approved_by": post.approved_by,
        "scheduled_at": post.scheduled_at.isoformat() if post.scheduled_at else None,
        "attempts": post.attempts,
        "next_attempt_at": post.next_attempt_at.isoformat() if post.next_attempt_at else None,
        "publish_id": post.publish_id,
        "tiktok_post_ids": list(post.tiktok_post_ids),
        "share_url": post.share_url,
        "failure": error_view(post.failure),
        "manual_reason": post.manual_reason.value if post.manual_reason else None,
        "version": post.version,
    }
    if events:
        view["events"] = [{"name": e.name, **plain(e)} for e in post.events]
    return view


def channel_view(channel: Channel, account: AccountSnapshot | None = None) -> dict[str, Any]:
    tokens = channel.tokens
    view: dict[str, Any] = {
        "id": channel.id,
        "open_id": channel.open_id,
        "display_name": channel.display_name,
        "username": channel.username,
        "avatar_url": channel.avatar_url,
        "status": channel.status.value,
        "status_reason": channel.status_reason,
        "publishing_mode": channel.publishing_mode.value,
        "time_zone": channel.time_zone,
        "connected_at": channel.connected_at.isoformat(),
        "scopes": sorted(channel.scopes),
        "missing_scopes": sorted(channel.missing_scopes),
        "access_expires_at": tokens.access_expires_at.isoformat() if tokens else None,
        "refresh_expires_at": tokens.refresh_expires_at.isoformat() if tokens else None,
    }
    if account is not None:
        view["account"] = {k: v for k, v in plain(account).items() if k != "channel_id"}
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


def readiness_view(ready: Any) -> dict[str, Any]:
    return {
        "post": post_view(ready.post),
        "warnings": list(ready.warnings),
        "manual": ready.manual,
        "preflight": plain(ready.report) if ready.report is not None else None,
    }


def channel_videos_view(found: ChannelVideos) -> dict[str, Any]:
    """TikTok's page of videos, each marked with the post of ours it came from (if any)."""
    data: dict[str, Any] = plain(found.page)
    for video in data["videos"]:
        video["post_id"] = found.posted_as.get(video["id"])
        video["published_by_us"] = video["post_id"] is not None
    return data


def post_metrics_view(metrics: PostMetrics) -> dict[str, Any]:
    return {
        "post_id": metrics.post_id,
        "video_ids": list(metrics.video_ids),
        "latest": plain(metrics.latest) if metrics.latest else None,
        "points": [plain(p) for p in metrics.points],
    }
