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
    CHOSEN = "chosen"  # a person chose to post this one by hand


class Tracking(enum.StrEnum):
    """Sub-state of a post in ``publishing`` once TikTok has it."""

    PROCESSING = "processing"
    SENT_TO_INBOX = "sent_to_inbox"  # the creator must open the inbox draft and post it
    UNCONFIRMED = "unconfirmed"  # TikTok did not confirm by the deadline: a person must look
    RECONCILING = "reconciling"  # the init's answer was lost: looking on the creator's profile


S = PostStatus


class Operation(enum.StrEnum):
    """Everything that may change a post; the value is what the error message says."""

    EDIT = "edit the post"
    APPROVE = "approve the post"
    SCHEDULE = "schedule the post"
    PUBLISH_NOW = "publish the post now"
    UNSCHEDULE = "unschedule the post"
    WAIT_FOR_RATE_WINDOW = "wait for the window"
    START_PUBLISHING = "start publishing"
    RECORD_PUBLISH_ID = "record the publish id"
    BEGIN_UPLOAD = "start the upload"
    ABANDON_PUBLISH_ID = "abandon the publish id"
    MARK_SENT_TO_INBOX = "mark the post sent to the inbox"
    DEFER_ATTEMPT = "defer the attempt"
    CHECK_STATUS_AT = "plan a status check"
    FLAG_UNCONFIRMED = "flag the post unconfirmed"
    START_RECONCILING = "reconcile the post"
    FOUND_ON_PROFILE = "record the post found on the profile"
    MARK_PUBLISHED = "mark the post published"
    RECORD_PUBLIC_POST = "record the public post id"
    MARK_FAILED = "mark the post failed"
    RETRY = "retry the post"
    MOVE_TO_MANUAL = "move the post to manual publishing"
    MARK_MANUALLY_PUBLISHED = "mark the post manually published"
    SEND_BACK = "send the post back with a comment"


Op = Operation
_ANY_BUT_DONE = frozenset({S.DRAFT, S.CLIENT_APPROVED, S.SCHEDULED, S.FAILED, S.MANUAL_PENDING})
_IN_FLIGHT = frozenset({S.PUBLISHING})

# THE table: each operation, the states it may start from, and the state it leads to.
# SocialPost checks it on every operation (SocialPost._gate); nothing else decides a move.
MOVES: MappingProxyType[Operation, tuple[frozenset[PostStatus], PostStatus]] = MappingProxyType(
    {
        Op.EDIT: (_ANY_BUT_DONE, S.DRAFT),  # voids any approval
        Op.APPROVE: (frozenset({S.DRAFT}), S.CLIENT_APPROVED),
        Op.SCHEDULE: (frozenset({S.CLIENT_APPROVED, S.SCHEDULED}), S.SCHEDULED),
        Op.PUBLISH_NOW: (frozenset({S.CLIENT_APPROVED, S.SCHEDULED}), S.SCHEDULED),
        Op.UNSCHEDULE: (frozenset({S.SCHEDULED}), S.CLIENT_APPROVED),
        Op.WAIT_FOR_RATE_WINDOW: (frozenset({S.SCHEDULED}), S.SCHEDULED),
        Op.START_PUBLISHING: (frozenset({S.SCHEDULED}), S.PUBLISHING),
        Op.RECORD_PUBLISH_ID: (_IN_FLIGHT, S.PUBLISHING),
        Op.BEGIN_UPLOAD: (_IN_FLIGHT, S.PUBLISHING),
        Op.ABANDON_PUBLISH_ID: (_IN_FLIGHT, S.PUBLISHING),
        Op.MARK_SENT_TO_INBOX: (_IN_FLIGHT, S.PUBLISHING),
        Op.DEFER_ATTEMPT: (_IN_FLIGHT, S.SCHEDULED),
        Op.CHECK_STATUS_AT: (_IN_FLIGHT, S.PUBLISHING),
        Op.FLAG_UNCONFIRMED: (_IN_FLIGHT, S.PUBLISHING),
        Op.START_RECONCILING: (_IN_FLIGHT, S.PUBLISHING),
        Op.FOUND_ON_PROFILE: (_IN_FLIGHT, S.PUBLISHED),
        Op.MARK_PUBLISHED: (_IN_FLIGHT, S.PUBLISHED),
        Op.RECORD_PUBLIC_POST: (frozenset({S.PUBLISHED}), S.PUBLISHED),
        Op.MARK_FAILED: (_IN_FLIGHT, S.FAILED),
        # From scheduled only for a post waiting after an error (a cap): brings it forward.
        Op.RETRY: (frozenset({S.FAILED, S.SCHEDULED}), S.SCHEDULED),
        Op.MOVE_TO_MANUAL: (
            frozenset({S.DRAFT, S.CLIENT_APPROVED, S.SCHEDULED, S.PUBLISHING, S.FAILED}),
            S.MANUAL_PENDING,
        ),
        Op.MARK_MANUALLY_PUBLISHED: (frozenset({S.MANUAL_PENDING}), S.PUBLISHED),
        # A client's answer to a draft shared for approval: it stays a draft, with the note.
        Op.SEND_BACK: (frozenset({S.DRAFT}), S.DRAFT),
    }
)

# The state-to-state view of MOVES (derived, never written by hand).
TRANSITIONS: MappingProxyType[PostStatus, frozenset[PostStatus]] = MappingProxyType(
    {
        state: frozenset(to for sources, to in MOVES.values() if state in sources)
        for state in PostStatus
    }
)


def allows(operation: Operation, from_state: PostStatus) -> bool:
    return from_state in MOVES[operation][0]


def target_of(operation: Operation) -> PostStatus:
    return MOVES[operation][1]


def can_move(from_state: PostStatus, to_state: PostStatus) -> bool:
    return to_state in TRANSITIONS[from_state]
