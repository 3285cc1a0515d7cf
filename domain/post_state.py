"""The SocialPost states and the one table of allowed moves between them."""

from __future__ import annotations

import enum
from types import MappingProxyType


class PostStatus(enum.StrEnum):
    DRAFT = "draft"
    CLIENT_APPROVED = "client_approved"
    SCHEDULED = "scheduled"
    PUBLISHING = "publishing"
    PUBLISHED = "published"
    FAILED = "failed"
    MANUAL_PENDING = "manual_pending"


class ManualReason(enum.StrEnum):
    NO_VIDEO = "no_video"
    MANUAL_CHANNEL = "manual_channel"
    TIKTOK_REFUSED_API = "tiktok_refused_api"


class Tracking(enum.StrEnum):
    """Sub-state of a post in ``publishing`` once TikTok has it."""

    PROCESSING = "processing"
    SENT_TO_INBOX = "sent_to_inbox"  # the creator must open the inbox draft and post it
    UNCONFIRMED = "unconfirmed"  # TikTok did not confirm by the deadline: a person must look
    RECONCILING = "reconciling"  # the init's answer was lost: looking on the creator's profile


S = PostStatus

# Every allowed move. A state mapping to itself allows operations that keep the
# state (edit a draft, reschedule, record upload progress, add the public id).
TRANSITIONS = MappingProxyType(
    {
        S.DRAFT: frozenset({S.DRAFT, S.CLIENT_APPROVED, S.MANUAL_PENDING}),
        S.CLIENT_APPROVED: frozenset({S.DRAFT, S.SCHEDULED, S.MANUAL_PENDING}),
        S.SCHEDULED: frozenset(
            {S.DRAFT, S.CLIENT_APPROVED, S.SCHEDULED, S.PUBLISHING, S.MANUAL_PENDING}
        ),
        S.PUBLISHING: frozenset(
            {S.PUBLISHING, S.SCHEDULED, S.PUBLISHED, S.FAILED, S.MANUAL_PENDING}
        ),
        S.FAILED: frozenset({S.DRAFT, S.SCHEDULED, S.MANUAL_PENDING}),
        S.MANUAL_PENDING: frozenset({S.DRAFT, S.PUBLISHED}),
        S.PUBLISHED: frozenset({S.PUBLISHED}),
    }
)


def can_move(from_state: PostStatus, to_state: PostStatus) -> bool:
    return to_state in TRANSITIONS[from_state]
