"""Response shapes of the /v1 posts and channels API: the public API's own classes.

The views (``entrypoints/views.py``) fill them from domain objects and the OpenAPI
document is generated from them (``openapi.schema_of``), so what the API sends and what
the document says cannot drift apart; ``tests/e2e/test_responses_match_the_schema.py``
checks real answers against ``/openapi.json``.
"""

from __future__ import annotations

from datetime import datetime

import attrs

from domain.business_connection import ConnectionKind
from domain.post_content import MediaKind
from domain.post_state import PostStatus
from entrypoints.http.v1.analytics_responses import MetricPointOut
from entrypoints.http.v1.post_event_responses import PostEventOut
from entrypoints.http.v1.preflight_responses import PreflightOut
from entrypoints.http.v1.schemas import PostSettingsIn


@attrs.frozen
class ContentOut:
    caption: str
    title: str
    description: str


@attrs.frozen
class VideoMediaOut:
    video_key: str


@attrs.frozen
class PhotoMediaOut:
    photo_keys: list[str]
    cover_index: int


@attrs.frozen
class FailureOut:
    code: str
    category: str
    message: str
    remedy: str
    retryable: bool
    log_id: str | None
    detail: str


@attrs.frozen
class PostOut:
    id: str
    channel_id: str
    kind: MediaKind
    status: PostStatus
    tracking: str | None
    content: ContentOut
    settings: PostSettingsIn  # the same public shape as a request's settings
    media: VideoMediaOut | PhotoMediaOut | None
    created_at: datetime
    approved_by: str | None
    scheduled_at: datetime | None
    attempts: int
    next_attempt_at: datetime | None
    publish_id: str | None
    tiktok_post_ids: list[str]
    share_url: str | None
    failure: FailureOut | None
    manual_reason: str | None
    version: int
    events: list[PostEventOut] | None = None  # the audit trail, on GET /v1/posts/{id}
    metrics: MetricPointOut | None = None  # its latest TikTok metrics, on GET /v1/posts/{id}


@attrs.frozen
class PostPage:
    items: list[PostOut]
    next_after: str | None  # pass as ?after= for the next page


@attrs.frozen
class CreatedPost:
    post: PostOut
    warnings: list[str]


@attrs.frozen
class Readiness:
    post: PostOut
    warnings: list[str]
    manual: bool
    preflight: PreflightOut | None


@attrs.frozen
class AccountFiguresOut:
    """The account's profile figures as last synced (null: TikTok did not say)."""

    captured_at: datetime
    follower_count: int | None
    following_count: int | None
    likes_count: int | None
    video_count: int | None


@attrs.frozen
class ChannelOut:
    id: str
    open_id: str
    display_name: str
    username: str
    avatar_url: str
    status: str
    status_reason: str | None
    publishing_mode: str
    time_zone: str | None
    connected_at: datetime
    scopes: list[str]
    missing_scopes: list[str]
    access_expires_at: datetime | None
    refresh_expires_at: datetime | None
    account: AccountFiguresOut | None = None  # profile figures, on GET /v1/channels/{id}


@attrs.frozen
class ChannelList:
    items: list[ChannelOut]


@attrs.frozen
class VideoOut:
    id: str
    create_time: int
    title: str
    video_description: str
    duration: int | None
    share_url: str | None
    view_count: int
    like_count: int
    comment_count: int
    share_count: int
    post_id: str | None  # the post of ours it came from
    published_by_us: bool


@attrs.frozen
class VideosOut:
    videos: list[VideoOut]
    cursor: int | None
    has_more: bool


@attrs.frozen
class ConnectStartedOut:
    authorize_url: str
    state: str
    expires_at: datetime
    kind: ConnectionKind  # login_kit, or accounts_api (insights and comments)


@attrs.frozen
class ReturnOriginsOut:
    origins: list[str]  # the organisation's own
    configured: list[str]  # allowed for every organisation by configuration
