"""Warnings when a schedule would run into TikTok's per-creator caps on that day."""

from __future__ import annotations

from datetime import datetime, timedelta

from application.ports import PostFilter, UnitOfWork
from domain.post_content import PublishMethod
from domain.post_state import PostStatus
from domain.social_post import SocialPost

DAILY_DIRECT_POST_CAP = 15  # "typically about 15 a day", shared by every app
PENDING_INBOX_CAP = 5  # unposted inbox shares in any 24 hours
WINDOW = timedelta(hours=24)


async def capacity_warnings(uow: UnitOfWork, post: SocialPost, at: datetime) -> list[str]:
    """Posts of the same channel scheduled within 24 hours of ``at``, against the caps."""
    scheduled = await uow.posts.list(
        PostFilter(post.organisation_id, PostStatus.SCHEDULED, post.channel_id, limit=1000)
    )
    near = [
        p
        for p in scheduled
        if p.id != post.id and p.scheduled_at is not None and abs(p.scheduled_at - at) < WINDOW
    ]
    inbox = post.settings.publish_method is PublishMethod.INBOX
    same_kind = [p for p in near if (p.settings.publish_method is PublishMethod.INBOX) == inbox]
    cap = PENDING_INBOX_CAP if inbox else DAILY_DIRECT_POST_CAP
    if len(same_kind) + 1 <= cap:
        return []
    what = "inbox uploads" if inbox else "Direct Posts"
    code = "spam_risk_too_many_pending_share" if inbox else "spam_risk_too_many_posts"
    when = at.strftime("%Y-%m-%d %H:%M")
    return [
        f"{len(same_kind) + 1} {what} for this channel within 24 hours of {when} UTC; "
        f"TikTok allows about {cap}: some may be refused ({code}) and retried the next day"
    ]
