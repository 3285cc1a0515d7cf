"""Admin alerts that follow from what happened to a post (its new events)."""

from __future__ import annotations

from datetime import datetime

from application.ports import AdminAlert, Notifier, UnitOfWorkFactory
from domain.caps import APP_USER_CAP
from domain.post_events import PublishAttemptDeferred, PublishUnconfirmed
from domain.social_post import SocialPost

APP_CAP_ALERT = "app_user_cap_reached"


def post_alerts(post: SocialPost, now: datetime) -> list[AdminAlert]:
    """A post newly flagged unconfirmed asks a person to look (ADR 0014); a post deferred
    by the app-wide active-user cap tells that every customer is blocked."""
    alerts = []
    for event in post.new_events:
        if isinstance(event, PublishUnconfirmed):
            alerts.append(
                AdminAlert(
                    "post_unconfirmed",
                    post.organisation_id,
                    post.id,
                    f"TikTok has not confirmed post {post.id}"
                    + (f" (publish id {post.publish_id})" if post.publish_id else "")
                    + ": check the creator's TikTok profile before publishing it again",
                    now,
                )
            )
        elif isinstance(event, PublishAttemptDeferred) and event.error_code == APP_USER_CAP:
            alerts.append(
                AdminAlert(
                    APP_CAP_ALERT,
                    post.organisation_id,
                    post.id,
                    "TikTok's daily quota of creators posting through this app is reached: "
                    f"no customer can publish until {event.retry_at:%Y-%m-%d %H:%M} UTC; "
                    "ask TikTok for a higher quota",
                    now,
                )
            )
    return alerts


async def save_and_alert(
    uow: UnitOfWorkFactory, notifier: Notifier, post: SocialPost, now: datetime
) -> SocialPost:
    """Save the post in a unit of work of its own, then send the alerts it calls for."""
    alerts = post_alerts(post, now)
    async with uow() as work:
        if any(a.kind == APP_CAP_ALERT for a in alerts) and await work.posts.app_cap_until(
            now=now
        ):  # the cap was in force already: told when it began
            alerts = [a for a in alerts if a.kind != APP_CAP_ALERT]
        saved = await work.posts.save(post)
        await work.commit()
    for alert in alerts:
        await notifier.notify(alert)
    return saved
