"""Admin alerts that follow from what happened to a post (its new events)."""

from __future__ import annotations

from datetime import datetime

from application.persist import save_post
from application.ports import AdminAlert, Notifier, UnitOfWorkFactory
from domain.post_events import PublishUnconfirmed
from domain.social_post import SocialPost


def post_alerts(post: SocialPost, now: datetime) -> list[AdminAlert]:
    """A post newly flagged unconfirmed asks a person to look (ADR 0014)."""
    return [
        AdminAlert(
            "post_unconfirmed",
            post.organisation_id,
            post.id,
            f"TikTok has not confirmed post {post.id}"
            + (f" (publish id {post.publish_id})" if post.publish_id else "")
            + ": check the creator's TikTok profile before publishing it again",
            now,
        )
        for event in post.new_events
        if isinstance(event, PublishUnconfirmed)
    ]


async def save_and_alert(
    uow: UnitOfWorkFactory, notifier: Notifier, post: SocialPost, now: datetime
) -> SocialPost:
    """Save the post in a unit of work of its own, then send the alerts it calls for."""
    alerts = post_alerts(post, now)
    saved = await save_post(uow, post)
    for alert in alerts:
        await notifier.notify(alert)
    return saved
