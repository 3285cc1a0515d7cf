"""JSON shapes of what the API and the CLI's ``--json`` print: the same for both.

Tokens never appear: channels are shaped field by field, never unstructured whole.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any, TypeVar

import attrs
import cattrs

from application.readiness import Readiness
from application.use_cases.list_channel_videos import ChannelVideos
from application.use_cases.post_metrics import PostMetrics
from application.use_cases.validate_post import PreflightReport
from domain.api_key import ApiKey
from domain.channel import Channel
from domain.creator import CreatorInfo
from domain.metrics import AccountSnapshot
from domain.post_content import PhotoMedia, VideoMedia
from domain.post_events import PostEvent
from domain.social_post import SocialPost
from domain.tiktok_errors import TikTokError
from entrypoints.http.v1 import analytics_responses as a
from entrypoints.http.v1 import channel_responses as ch
from entrypoints.http.v1 import preflight_responses as pf
from entrypoints.http.v1 import responses as r
from entrypoints.http.v1.post_event_responses import BY_NAME, PostEventOut
from entrypoints.http.v1.schemas import PostSettingsIn

T = TypeVar("T")
_out = cattrs.Converter()
_out.register_unstructure_hook(datetime, lambda d: d.isoformat())
_out.register_unstructure_hook(date, lambda d: d.isoformat())
_in = cattrs.Converter()  # response classes from plain data: extra (domain) fields dropped
_in.register_structure_hook(datetime, lambda v, _: datetime.fromisoformat(v))
_in.register_structure_hook(date, lambda v, _: date.fromisoformat(v))
for _kind in (str, int, float, bool):
    # a field of a response class takes the value as it is: never str(None) or int(True)
    _in.register_structure_hook(_kind, lambda v, _: v)


def plain(value: Any) -> Any:
    """Any attrs value (insight, snapshot, report...) as JSON-ready data."""
    if isinstance(value, enum.Enum):
        return value.value
    return _out.unstructure(value)


def shaped(cls: type[T], value: Any) -> T:
    """A response class filled from a domain value's fields of the same names (nested
    values too): fields the class does not declare are left out, and a field the
    domain value lacks fails loudly."""
    return _in.structure(plain(value), cls)


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
        events=[post_event_out(e) for e in post.events] if events else None,
    )


def post_event_out(event: PostEvent) -> PostEventOut:
    """One entry of the audit trail, by the event's name; an event of a new kind without
    its class in ``post_event_responses`` fails loudly here."""
    cls = BY_NAME[event.name]
    values: dict[str, Any] = {}
    for f in attrs.fields(cls):
        if f.name != "name":
            value = getattr(event, f.name)
            values[f.name] = list(value) if isinstance(value, tuple) else value
    return cls(**values)


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
        account=shaped(r.AccountFiguresOut, account) if account else None,
    )


def channel_view(channel: Channel, account: AccountSnapshot | None = None) -> dict[str, Any]:
    view: dict[str, Any] = plain(channel_out(channel, account))
    return view


def creator_out(creator: CreatorInfo) -> ch.CreatorOptionsOut:
    """TikTok's UX rules: no privacy default is chosen for the user."""
    return ch.CreatorOptionsOut(
        username=creator.username,
        nickname=creator.nickname,
        avatar_url=creator.avatar_url,
        privacy_level_options=list(creator.privacy_level_options),
        privacy_level_default=None,
        comment_disabled=creator.comment_disabled,
        duet_disabled=creator.duet_disabled,
        stitch_disabled=creator.stitch_disabled,
        max_video_post_duration_sec=creator.max_video_post_duration_sec,
    )


def creator_view(creator: CreatorInfo) -> dict[str, Any]:
    view: dict[str, Any] = plain(creator_out(creator))
    return view


def api_key_out(key: ApiKey) -> ch.ApiKeyOut:
    return ch.ApiKeyOut(key.id, key.name, key.created_at, key.revoked_at, key.last_used_at)


def api_key_view(key: ApiKey) -> dict[str, Any]:
    view: dict[str, Any] = plain(api_key_out(key))
    return view


def page(items: Sequence[dict[str, Any]], *, limit: int) -> dict[str, Any]:
    """Keyset paging: ``next_after`` is the id to pass as ``after`` for the next page."""
    more = len(items) == limit and bool(items)
    return {"items": list(items), "next_after": items[-1]["id"] if more else None}


def post_page_out(posts: Sequence[SocialPost], *, limit: int) -> r.PostPage:
    """A page of posts; ``next_after`` is the last id when the page is full."""
    more = len(posts) == limit and bool(posts)
    return r.PostPage([post_out(p) for p in posts], posts[-1].id if more else None)


def post_page(posts: Sequence[SocialPost], *, limit: int) -> dict[str, Any]:
    view: dict[str, Any] = plain(post_page_out(posts, limit=limit))
    return view


def preflight_out(report: PreflightReport) -> pf.PreflightOut:
    return pf.PreflightOut(
        [
            pf.FileIssueOut(
                i.file,
                pf.MediaIssueOut(
                    i.issue.severity,
                    i.issue.code,
                    i.issue.field,
                    _scalar(i.issue.value),
                    _scalar(i.issue.limit),
                    i.issue.message,
                    i.issue.fail_reason,
                ),
            )
            for i in report.issues
        ],
        report.video_duration_s,
    )


def _scalar(value: object) -> pf.Scalar:
    return value if value is None or isinstance(value, str | int | float | bool) else str(value)


def validation_out(report: PreflightReport) -> pf.ValidationOut:
    shown = preflight_out(report)
    return pf.ValidationOut(
        report.ok,
        shown.issues,
        shown.video_duration_s,
        [i.describe() for i in report.errors],
        [i.describe() for i in report.warnings],
    )


def readiness_out(ready: Readiness) -> r.Readiness:
    return r.Readiness(
        post_out(ready.post),
        list(ready.warnings),
        ready.manual,
        preflight_out(ready.report) if ready.report is not None else None,
    )


def readiness_view(ready: Readiness) -> dict[str, Any]:
    view: dict[str, Any] = plain(readiness_out(ready))
    return view


def channel_videos_out(found: ChannelVideos) -> r.VideosOut:
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
    return r.VideosOut(videos, page.cursor, page.has_more)


def channel_videos_view(found: ChannelVideos) -> dict[str, Any]:
    data: dict[str, Any] = plain(channel_videos_out(found))
    return data


def post_metrics_out(metrics: PostMetrics) -> a.PostMetricsOut:
    return a.PostMetricsOut(
        metrics.post_id,
        list(metrics.video_ids),
        shaped(a.MetricPointOut, metrics.latest) if metrics.latest else None,
        [shaped(a.MetricPointOut, p) for p in metrics.points],
    )


def post_metrics_view(metrics: PostMetrics) -> dict[str, Any]:
    view: dict[str, Any] = plain(post_metrics_out(metrics))
    return view
