"""JSON views of the Accounts API's records: no token ever leaves."""

from __future__ import annotations

from typing import Any

from application.use_cases.list_conversations import Inbox
from application.use_cases.show_conversation import Thread
from domain.business_connection import BusinessConnection, ConnectionView
from domain.comments import Comment, ReplyIntent
from entrypoints.views import plain


def connection_view(c: BusinessConnection) -> dict[str, Any]:
    return {
        "id": c.id,
        "kind": c.kind.value,
        "channel_id": c.channel_id,
        "business_id": c.business_id,
        "status": c.status.value,
        "status_reason": c.status_reason,
        "username": c.username,
        "display_name": c.display_name,
        "is_business_account": c.is_business_account,
        "followers_count": c.followers_count,
        "capabilities": sorted(cap.value for cap in c.capabilities),
        "scopes": sorted(c.scopes),
        "connected_at": c.connected_at.isoformat(),
        "access_expires_at": c.tokens.access_expires_at.isoformat() if c.tokens else None,
        "refresh_expires_at": c.tokens.refresh_expires_at.isoformat() if c.tokens else None,
    }


def connections_view(views: tuple[ConnectionView, ...]) -> list[dict[str, Any]]:
    return [
        {
            "kind": v.kind.value,
            "status": v.status.value,
            "account_id": v.account_id,
            "capabilities": sorted(c.value for c in v.capabilities),
        }
        for v in views
    ]


def comment_view(c: Comment) -> dict[str, Any]:
    return {
        "comment_id": c.comment_id,
        "video_id": c.video_id,
        "parent_id": c.parent_id,
        "text": c.text,
        "username": c.username,
        "display_name": c.display_name,
        "owner": c.owner,
        "visibility": c.visibility.value,
        "likes": c.likes,
        "unread": c.unread,
        "created_at": c.created_at.isoformat(),
    }


def inbox_view(inbox: Inbox) -> dict[str, Any]:
    return {
        "channel_id": inbox.channel_id,
        "unread": inbox.unread,
        "items": [plain(c) for c in inbox.conversations],
    }


def thread_view(thread: Thread) -> dict[str, Any]:
    return {
        "channel_id": thread.channel_id,
        "video_id": thread.video_id,
        "marked_read": thread.marked_read,
        "items": [comment_view(m) for m in thread.messages],
    }


def intent_view(intent: ReplyIntent) -> dict[str, Any]:
    return {
        "id": intent.id,
        "comment_id": intent.comment_id,
        "video_id": intent.video_id,
        "text": intent.text,
        "state": intent.state.value,
        "reply_comment_id": intent.reply_comment_id,
        "attempts": intent.attempts,
        "error": intent.error or None,
        "created_at": intent.created_at.isoformat(),
    }
