"""The events an organisation's platforms receive, derived from the changes that cause them.

A post's new domain events and a channel's change of status map to outgoing events here,
and only here. Every outgoing event has a stable id (its ``webhook-id``), so saving the
same change twice can never make two events, and an ordering key (the post or channel id)
that deliveries keep in order.
"""

from __future__ import annotations

import enum
from datetime import datetime
from typing import TYPE_CHECKING

import attrs

from domain import post_events as ev

if TYPE_CHECKING:
    from domain.ads.model import AdObject
    from domain.channel import Channel, ChannelStatus
    from domain.comments import Comment
    from domain.social_post import SocialPost

JsonValue = str | int | float | bool | None | list["JsonValue"] | dict[str, "JsonValue"]


class EventType(enum.StrEnum):
    POST_SCHEDULED = "post.scheduled"
    POST_PUBLISHING = "post.publishing"
    POST_SENT_TO_INBOX = "post.sent_to_inbox"
    POST_PUBLISHED = "post.published"
    POST_BECAME_PUBLIC = "post.became_public"
    POST_FAILED = "post.failed"
    POST_MANUAL_PENDING = "post.manual_pending"
    CHANNEL_CONNECTED = "channel.connected"
    CHANNEL_EXPIRED = "channel.expired"
    CHANNEL_DISCONNECTED = "channel.disconnected"
    COMMENT_RECEIVED = "comment.received"
    AD_REVIEW_CHANGED = "ad.review_changed"


@attrs.frozen
class OutgoingEvent:
    id: str
    organisation_id: str
    type: EventType
    ordering_key: str  # deliveries of one key to one endpoint go in order
    occurred_at: datetime
    data: dict[str, JsonValue]

    def envelope(self) -> dict[str, JsonValue]:
        """The body a receiver gets (Standard Webhooks: type, timestamp, data)."""
        return {
            "type": self.type.value,
            "timestamp": self.occurred_at.isoformat(),
            "data": self.data,
        }


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def _post_data(
    post: SocialPost, event: ev.PostEvent
) -> tuple[EventType, dict[str, JsonValue]] | None:
    base: dict[str, JsonValue] = {"post_id": post.id, "channel_id": post.channel_id}
    match event:
        case ev.PostScheduled(scheduled_at=at) | ev.PostRetried(scheduled_at=at):
            return EventType.POST_SCHEDULED, {**base, "scheduled_at": at.isoformat()}
        case ev.PublishRequested(occurred_at=at):  # publish now: scheduled for this moment
            return EventType.POST_SCHEDULED, {**base, "scheduled_at": at.isoformat()}
        case ev.PublishingStarted(attempt=attempt):
            return EventType.POST_PUBLISHING, {**base, "attempt": attempt}
        case ev.PostSentToInbox(publish_id=publish_id):
            return EventType.POST_SENT_TO_INBOX, {**base, "publish_id": publish_id}
        case ev.PostPublished(tiktok_post_ids=ids, share_url=url):
            return EventType.POST_PUBLISHED, {
                **base,
                "publish_id": post.publish_id,
                "tiktok_post_ids": list(ids),
                "share_url": url,
                "manual": False,
            }
        case ev.PostManuallyPublished(url=url, marked_by=marked_by):
            return EventType.POST_PUBLISHED, {
                **base,
                "publish_id": None,
                "tiktok_post_ids": list(post.tiktok_post_ids),
                "share_url": url,
                "manual": True,
                "marked_by": marked_by,
            }
        case ev.PostBecamePublic(tiktok_post_id=tiktok_id, share_url=url):
            return EventType.POST_BECAME_PUBLIC, {
                **base,
                "tiktok_post_id": tiktok_id,
                "share_url": url,
            }
        case ev.PostFailed(error_code=code, category=category, message=message, remedy=remedy):
            return EventType.POST_FAILED, {
                **base,
                "code": code,
                "category": category,
                "message": message,
                "remedy": remedy,
            }
        case ev.PostMovedToManual(reason=reason, detail=detail):
            return EventType.POST_MANUAL_PENDING, {
                **base,
                "reason": reason.value,
                "detail": detail,
            }
    return None


def for_post(post: SocialPost) -> list[OutgoingEvent]:
    """The outgoing events for the post's events that are new since it was loaded."""
    out = []
    for seq, event in enumerate(post.new_events, start=post.loaded_events + 1):
        mapped = _post_data(post, event)
        if mapped is None:
            continue
        kind, data = mapped
        out.append(
            OutgoingEvent(
                id=f"msg_post_{post.id}_{seq}",
                organisation_id=post.organisation_id,
                type=kind,
                ordering_key=post.id,
                occurred_at=event.occurred_at,
                data=data,
            )
        )
    return out


_CHANNEL_TYPES = {
    "connected": EventType.CHANNEL_CONNECTED,
    "expired": EventType.CHANNEL_EXPIRED,
    "disconnected": EventType.CHANNEL_DISCONNECTED,
}


def for_channel(before: ChannelStatus | None, after: Channel) -> list[OutgoingEvent]:
    """An event when a channel is connected (``before`` None), or its status changes from
    ``before``; the payload never holds a token."""
    if before is not None and before is after.status:
        return []
    kind = _CHANNEL_TYPES.get(after.status.value)
    if kind is None:
        return []
    at = after.status_changed_at
    if at is None:
        return []
    return [
        OutgoingEvent(
            id=f"msg_channel_{after.id}_{int(at.timestamp() * 1_000_000)}",
            organisation_id=after.organisation_id,
            type=kind,
            ordering_key=after.id,
            occurred_at=at,
            data={
                "channel_id": after.id,
                "open_id": after.open_id,
                "display_name": after.display_name,
                "status": after.status.value,
                "reason": after.status_reason,
            },
        )
    ]


def for_comment(comment: Comment, *, organisation_id: str) -> list[OutgoingEvent]:
    """A comment or reply someone else wrote on the organisation's video, new to us (our
    own replies are not news to the platform that sent them)."""
    if comment.owner:
        return []
    return [
        OutgoingEvent(
            id=f"msg_comment_{comment.channel_id}_{comment.comment_id}",
            organisation_id=organisation_id,
            type=EventType.COMMENT_RECEIVED,
            ordering_key=f"{comment.channel_id}:{comment.video_id}",
            occurred_at=comment.created_at,
            data={
                "channel_id": comment.channel_id,
                "video_id": comment.video_id,
                "comment_id": comment.comment_id,
                "parent_id": comment.parent_id,
                "text": comment.text,
                "username": comment.username,
                "display_name": comment.display_name,
            },
        )
    ]


def for_ad_review(ad: AdObject, *, now: datetime) -> list[OutgoingEvent]:
    """A campaign, ad group or ad whose TikTok review changed (approved, rejected...)."""
    at = ad.review.at or now
    return [
        OutgoingEvent(
            id=f"msg_ad_{ad.id}_{ad.review.status.value}_{int(at.timestamp() * 1_000_000)}",
            organisation_id=ad.organisation_id,
            type=EventType.AD_REVIEW_CHANGED,
            ordering_key=ad.id,
            occurred_at=at,
            data={
                "ad_object_id": ad.id,
                "kind": ad.kind.value,
                "account_id": ad.account_id,
                "tiktok_id": ad.tiktok_id,
                "review_status": ad.review.status.value,
                "reasons": list(ad.review.reasons),
            },
        )
    ]
