"""Response shapes of the Accounts API routes (connections, analytics, the comments
inbox): the public API's own classes. No token ever appears in them."""

from __future__ import annotations

from datetime import date, datetime

import attrs

from domain.business_connection import Capability, ConnectionKind
from domain.channel import ChannelStatus
from domain.comments import ReplyState, Visibility
from entrypoints.http.v1.analytics_responses import ShareOut


@attrs.frozen
class ConnectionOut:
    """The Accounts API connection of a channel."""

    id: str
    kind: ConnectionKind
    channel_id: str
    business_id: str
    status: ChannelStatus
    status_reason: str
    username: str
    display_name: str
    is_business_account: bool | None
    followers_count: int | None
    capabilities: list[Capability]
    scopes: list[str]
    connected_at: datetime
    access_expires_at: datetime | None
    refresh_expires_at: datetime | None


@attrs.frozen
class ConnectionSummaryOut:
    kind: ConnectionKind
    status: ChannelStatus
    account_id: str
    capabilities: list[Capability]


@attrs.frozen
class ConnectionsOut:
    channel_id: str
    items: list[ConnectionSummaryOut]
    accounts_api: ConnectionOut | None


@attrs.frozen
class TimeZoneOut:
    channel_id: str
    time_zone: str


@attrs.frozen
class AccountAudienceOut:
    channel_id: str
    captured_at: datetime
    available: bool
    reason: str
    ages: list[ShareOut]
    genders: list[ShareOut]
    countries: list[ShareOut]


@attrs.frozen
class InsightsSyncedOut:
    channel_id: str
    days: int
    videos: int
    audience: AccountAudienceOut


@attrs.frozen
class AccountDayOut:
    channel_id: str
    day: date
    captured_at: datetime
    video_views: int | None
    reach: int | None
    profile_views: int | None
    likes: int | None
    comments: int | None
    shares: int | None
    followers_count: int | None
    new_followers: int | None
    lost_followers: int | None
    audience_activity: list[list[int]] = attrs.field(
        metadata={"description": "[hour 0..23, active followers] pairs"}
    )


@attrs.frozen
class VideoInsightOut:
    channel_id: str
    video_id: str
    captured_at: datetime
    published_at: datetime
    caption: str
    duration_s: float | None
    views: int | None
    likes: int | None
    comments: int | None
    shares: int | None
    reach: int | None
    total_time_watched_s: float | None
    average_time_watched_s: float | None
    full_video_watched_rate: float | None
    new_followers: int | None
    retention: list[list[float]] = attrs.field(
        metadata={"description": "[second, share of viewers still watching] pairs"}
    )
    impression_sources: list[ShareOut] = attrs.field()


@attrs.frozen
class BusinessAnalyticsOut:
    connection: ConnectionOut
    days: list[AccountDayOut]
    audience: AccountAudienceOut | None
    videos: list[VideoInsightOut]


@attrs.frozen
class BusinessRefreshedOut:
    refreshed: bool
    reason: str
    connection: ConnectionOut


@attrs.frozen
class BusinessDisconnectedOut:
    connection: ConnectionOut
    revoked_at_tiktok: bool
    revoke_error: str | None
    purge_after_days: int


@attrs.frozen
class ConversationOut:
    channel_id: str
    video_id: str
    messages: int
    unread: int
    last_activity_at: datetime
    unanswered: int  # others' comments the account has not replied to


@attrs.frozen
class InboxOut:
    channel_id: str
    unread: int
    items: list[ConversationOut]


@attrs.frozen
class CommentOut:
    comment_id: str
    video_id: str
    parent_id: str | None
    text: str
    username: str
    display_name: str
    owner: bool  # written by the account itself
    visibility: Visibility
    likes: int | None
    unread: bool
    created_at: datetime


@attrs.frozen
class ThreadOut:
    channel_id: str
    video_id: str
    marked_read: int
    items: list[CommentOut]


@attrs.frozen
class CommentsSyncedOut:
    channel_id: str
    videos: int
    seen: int
    new: int


@attrs.frozen
class ReplyIntentOut:
    id: str
    comment_id: str
    video_id: str
    text: str
    state: ReplyState
    reply_comment_id: str | None
    attempts: int
    error: str | None
    created_at: datetime


@attrs.frozen
class ReplyOut:
    intent: ReplyIntentOut
    sent: bool
    found_after_lost_answer: bool
