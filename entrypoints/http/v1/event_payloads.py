"""The bodies receivers get for each outgoing event type, described for the OpenAPI
document's ``webhooks`` section (a test holds what is really sent to these shapes)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import attrs

from domain.outgoing_events import EventType


@attrs.frozen
class PostScheduledData:
    post_id: str
    channel_id: str
    scheduled_at: datetime


@attrs.frozen
class PostPublishingData:
    post_id: str
    channel_id: str
    attempt: int


@attrs.frozen
class PostSentToInboxData:
    post_id: str
    channel_id: str
    publish_id: str


@attrs.frozen
class PostPublishedData:
    post_id: str
    channel_id: str
    publish_id: str | None
    tiktok_post_ids: list[str]
    share_url: str | None
    manual: bool  # marked published by a person (manual publishing)
    marked_by: str = ""


@attrs.frozen
class PostBecamePublicData:
    post_id: str
    channel_id: str
    tiktok_post_id: str
    share_url: str | None


@attrs.frozen
class PostFailedData:
    post_id: str
    channel_id: str
    code: str
    category: str
    message: str
    remedy: str


@attrs.frozen
class PostManualPendingData:
    post_id: str
    channel_id: str
    reason: str
    detail: str


@attrs.frozen
class ChannelStatusData:
    channel_id: str
    open_id: str
    display_name: str
    status: str
    reason: str


@attrs.frozen
class CommentReceivedData:
    channel_id: str
    video_id: str
    comment_id: str
    parent_id: str | None  # set on a reply
    text: str
    username: str
    display_name: str


@attrs.frozen
class AdReviewChangedData:
    ad_object_id: str
    kind: str  # campaign, adgroup or ad
    account_id: str
    tiktok_id: str | None
    review_status: str
    reasons: list[str]  # why TikTok rejected it


EventData = (
    PostScheduledData
    | PostPublishingData
    | PostSentToInboxData
    | PostPublishedData
    | PostBecamePublicData
    | PostFailedData
    | PostManualPendingData
    | ChannelStatusData
    | CommentReceivedData
    | AdReviewChangedData
)
PAYLOADS: dict[EventType, type[Any]] = {
    EventType.POST_SCHEDULED: PostScheduledData,
    EventType.POST_PUBLISHING: PostPublishingData,
    EventType.POST_SENT_TO_INBOX: PostSentToInboxData,
    EventType.POST_PUBLISHED: PostPublishedData,
    EventType.POST_BECAME_PUBLIC: PostBecamePublicData,
    EventType.POST_FAILED: PostFailedData,
    EventType.POST_MANUAL_PENDING: PostManualPendingData,
    EventType.CHANNEL_CONNECTED: ChannelStatusData,
    EventType.CHANNEL_EXPIRED: ChannelStatusData,
    EventType.CHANNEL_DISCONNECTED: ChannelStatusData,
    EventType.COMMENT_RECEIVED: CommentReceivedData,
    EventType.AD_REVIEW_CHANGED: AdReviewChangedData,
}
