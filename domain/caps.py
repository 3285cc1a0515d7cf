"""TikTok's caps on posting through apps, and what we tell a person before and during them.

Per creator: about 15 Direct Posts a day, and at most 5 inbox uploads waiting in the
creator's inbox in 24 hours. Per app: a daily number of creators posting through it
(``reached_active_user_cap``): while it is reached, every customer is blocked.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import attrs

from domain.media_rules import MediaIssue, Severity
from domain.post_content import PublishMethod
from domain.social_post import SocialPost

DAILY_DIRECT_POST_CAP = 15  # "typically about 15 a day", shared by every app
PENDING_INBOX_CAP = 5  # unposted inbox shares in any 24 hours
WINDOW = timedelta(hours=24)
APP_USER_CAP = "reached_active_user_cap"


@attrs.frozen
class CapCounts:
    """What counts against the caps near the time a post would go out."""

    same_kind_near: int  # other posts of the channel within WINDOW (same method)
    app_cap_until: datetime | None = None  # the app-wide cap holds until then


def is_inbox(post: SocialPost) -> bool:
    return post.settings.publish_method is PublishMethod.INBOX


def cap_warnings(post: SocialPost, at: datetime, counts: CapCounts) -> list[MediaIssue]:
    """Warnings for a post that would go out at ``at``: this post plus the others."""
    issues: list[MediaIssue] = []
    inbox = is_inbox(post)
    cap = PENDING_INBOX_CAP if inbox else DAILY_DIRECT_POST_CAP
    total = counts.same_kind_near + 1
    if total > cap:
        what = "inbox uploads pending" if inbox else "Direct Posts"
        code = "spam_risk_too_many_pending_share" if inbox else "spam_risk_too_many_posts"
        issues.append(
            MediaIssue(
                Severity.WARNING,
                code,
                "channel",
                total,
                cap,
                f"would have {total} {what} within 24 hours of {at:%Y-%m-%d %H:%M} UTC; "
                f"TikTok allows about {cap}: some may be refused ({code}) and retried the "
                "next day",
            )
        )
    if counts.app_cap_until is not None and at < counts.app_cap_until:
        issues.append(app_cap_issue(counts.app_cap_until))
    return issues


def app_cap_issue(until: datetime) -> MediaIssue:
    return MediaIssue(
        Severity.WARNING,
        APP_USER_CAP,
        "app",
        "reached",
        until.isoformat(),
        f"TikTok's daily quota of creators posting through this app is reached "
        f"({APP_USER_CAP}) until {until:%Y-%m-%d %H:%M} UTC; posts wait until then",
    )
