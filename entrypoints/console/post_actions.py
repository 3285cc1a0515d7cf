"""What the console offers for a post, and how a card or a page shows it.

Which actions a post offers comes from the domain (``SocialPost.can``, over the one
transition table ``domain.post_state.MOVES``); this module only names and labels them."""

from __future__ import annotations

from typing import Any

import attrs

from domain.post_state import Operation, PostStatus
from domain.social_post import SocialPost
from entrypoints.views import post_view

Op = Operation

# The board's columns, in the order a post moves through them.
COLUMNS: tuple[tuple[PostStatus, str], ...] = (
    (PostStatus.DRAFT, "Draft"),
    (PostStatus.CLIENT_APPROVED, "Approved"),
    (PostStatus.SCHEDULED, "Scheduled"),
    (PostStatus.PUBLISHING, "Publishing"),
    (PostStatus.PUBLISHED, "Published"),
    (PostStatus.FAILED, "Failed"),
    (PostStatus.MANUAL_PENDING, "Manual"),
)
LABELS = dict(COLUMNS)


@attrs.frozen
class Action:
    name: str  # the path segment: /console/posts/{id}/{name}
    label: str
    operation: Operation
    form: bool = True  # a button posting a form; else a link to the page that asks more
    danger: bool = False


ACTIONS: tuple[Action, ...] = (
    Action("approve", "Approve", Op.APPROVE),
    Action("schedule", "Schedule", Op.SCHEDULE, form=False),
    Action("publish-now", "Publish now", Op.PUBLISH_NOW),
    Action("unschedule", "Unschedule", Op.UNSCHEDULE),
    Action("retry", "Retry", Op.RETRY),
    Action("to-manual", "Move to manual", Op.MOVE_TO_MANUAL, danger=True),
    Action("mark-published", "Publish by hand", Op.MARK_MANUALLY_PUBLISHED, form=False),
)
BY_NAME = {a.name: a for a in ACTIONS}


def offered(post: SocialPost) -> list[Action]:
    return [a for a in ACTIONS if post.can(a.operation)]


def link_of(post_id: str, action: Action) -> str:
    """Where an action that asks for more (a time, a URL) is done."""
    if action.operation is Op.MARK_MANUALLY_PUBLISHED:
        return f"/console/posts/{post_id}/manual"
    return f"/console/posts/{post_id}#schedule"


def excerpt(text: str, size: int = 90) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= size else flat[: size - 1].rstrip() + "…"


def tiktok_links(post: SocialPost, username: str) -> list[str]:
    """The post on TikTok: its share URL, else one link per TikTok post id."""
    if post.share_url:
        return [post.share_url]
    return [f"https://www.tiktok.com/@{username}/video/{i}" for i in post.tiktok_post_ids]


def card(post: SocialPost, channel_name: str) -> dict[str, Any]:
    """A post as the board and the pages show it: the API's shape and what it offers."""
    shown = post_view(post)
    text = post.content.caption or post.content.title or post.content.description
    shown.update(
        excerpt=excerpt(text) if text else "(no caption yet)",
        channel_name=channel_name,
        status_label=LABELS[post.status],
        actions=[
            {
                "name": a.name,
                "label": a.label,
                "form": a.form,
                "danger": a.danger,
                "href": None if a.form else link_of(post.id, a),
            }
            for a in offered(post)
        ],
    )
    return shown
