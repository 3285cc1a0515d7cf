"""Views of the Accounts API's records: the response classes of
``entrypoints/http/v1/business_responses.py`` filled from them (the API sends these),
and their JSON for the CLI's --json. No token ever leaves."""

from __future__ import annotations

from typing import Any

from application.use_cases.business_analytics import BusinessAnalyticsView
from application.use_cases.list_conversations import Inbox
from application.use_cases.reply_to_comment import ReplyOutcome
from application.use_cases.show_conversation import Thread
from domain.business_connection import BusinessConnection, ConnectionView
from domain.comments import Comment, ReplyIntent
from entrypoints.http.v1 import business_responses as b
from entrypoints.views import plain, shaped


def connection_out(c: BusinessConnection) -> b.ConnectionOut:
    return b.ConnectionOut(
        id=c.id,
        kind=c.kind,
        channel_id=c.channel_id,
        business_id=c.business_id,
        status=c.status,
        status_reason=c.status_reason,
        username=c.username,
        display_name=c.display_name,
        is_business_account=c.is_business_account,
        followers_count=c.followers_count,
        capabilities=sorted(c.capabilities, key=lambda cap: cap.value),
        scopes=sorted(c.scopes),
        connected_at=c.connected_at,
        access_expires_at=c.tokens.access_expires_at if c.tokens else None,
        refresh_expires_at=c.tokens.refresh_expires_at if c.tokens else None,
    )


def connection_view(c: BusinessConnection) -> dict[str, Any]:
    view: dict[str, Any] = plain(connection_out(c))
    return view


def connections_out(views: tuple[ConnectionView, ...]) -> list[b.ConnectionSummaryOut]:
    return [
        b.ConnectionSummaryOut(
            v.kind, v.status, v.account_id, sorted(v.capabilities, key=lambda c: c.value)
        )
        for v in views
    ]


def connections_view(views: tuple[ConnectionView, ...]) -> list[dict[str, Any]]:
    return [plain(v) for v in connections_out(views)]


def analytics_out(found: BusinessAnalyticsView) -> b.BusinessAnalyticsOut:
    return b.BusinessAnalyticsOut(
        connection_out(found.connection),
        [shaped(b.AccountDayOut, d) for d in found.days],
        shaped(b.AccountAudienceOut, found.audience) if found.audience else None,
        [shaped(b.VideoInsightOut, v) for v in found.videos],
    )


def comment_out(c: Comment) -> b.CommentOut:
    return b.CommentOut(
        comment_id=c.comment_id,
        video_id=c.video_id,
        parent_id=c.parent_id,
        text=c.text,
        username=c.username,
        display_name=c.display_name,
        owner=c.owner,
        visibility=c.visibility,
        likes=c.likes,
        unread=c.unread,
        created_at=c.created_at,
    )


def comment_view(c: Comment) -> dict[str, Any]:
    view: dict[str, Any] = plain(comment_out(c))
    return view


def inbox_out(inbox: Inbox) -> b.InboxOut:
    return b.InboxOut(
        inbox.channel_id,
        inbox.unread,
        [shaped(b.ConversationOut, c) for c in inbox.conversations],
    )


def inbox_view(inbox: Inbox) -> dict[str, Any]:
    view: dict[str, Any] = plain(inbox_out(inbox))
    return view


def thread_out(thread: Thread) -> b.ThreadOut:
    return b.ThreadOut(
        thread.channel_id,
        thread.video_id,
        thread.marked_read,
        [comment_out(m) for m in thread.messages],
    )


def thread_view(thread: Thread) -> dict[str, Any]:
    view: dict[str, Any] = plain(thread_out(thread))
    return view


def intent_out(intent: ReplyIntent) -> b.ReplyIntentOut:
    return b.ReplyIntentOut(
        id=intent.id,
        comment_id=intent.comment_id,
        video_id=intent.video_id,
        text=intent.text,
        state=intent.state,
        reply_comment_id=intent.reply_comment_id,
        attempts=intent.attempts,
        error=intent.error or None,
        created_at=intent.created_at,
    )


def intent_view(intent: ReplyIntent) -> dict[str, Any]:
    view: dict[str, Any] = plain(intent_out(intent))
    return view


def reply_out(outcome: ReplyOutcome) -> b.ReplyOut:
    return b.ReplyOut(intent_out(outcome.intent), outcome.sent, outcome.found_after_lost_answer)
