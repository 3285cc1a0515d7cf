"""Past-tense events a SocialPost records; together they are its audit trail."""

from __future__ import annotations

from datetime import datetime

import attrs

from domain.post_state import ManualReason


@attrs.frozen
class PostEvent:
    post_id: str
    occurred_at: datetime

    @property
    def name(self) -> str:
        return type(self).__name__


@attrs.frozen
class PostDrafted(PostEvent):
    kind: str
    created_by: str


@attrs.frozen
class PostEdited(PostEvent):
    approval_voided: bool
    fields: tuple[str, ...]


@attrs.frozen
class PostApproved(PostEvent):
    approved_by: str


@attrs.frozen
class PostScheduled(PostEvent):
    scheduled_at: datetime


@attrs.frozen
class PostUnscheduled(PostEvent):
    pass


@attrs.frozen
class PublishRequested(PostEvent):
    """Publish now: the post is due at once."""


@attrs.frozen
class PublishingStarted(PostEvent):
    attempt: int


@attrs.frozen
class PublishIdRecorded(PostEvent):
    publish_id: str


@attrs.frozen
class UploadStarted(PostEvent):
    publish_id: str


@attrs.frozen
class PublishIdAbandoned(PostEvent):
    """TikTok reported the publish id FAILED, or its upload never completed."""

    publish_id: str
    reason: str


@attrs.frozen
class PostSentToInbox(PostEvent):
    publish_id: str


@attrs.frozen
class PublishAttemptDeferred(PostEvent):
    error_code: str
    retry_at: datetime


@attrs.frozen
class PublishUnconfirmed(PostEvent):
    publish_id: str | None


@attrs.frozen
class ReconciliationStarted(PostEvent):
    """TikTok's answer to an init was lost: look for the post on the creator's profile
    instead of sending the init again."""

    reason: str


@attrs.frozen
class FoundOnProfile(PostEvent):
    """The post was found in the creator's public video list."""

    tiktok_post_id: str


@attrs.frozen
class PostPublished(PostEvent):
    tiktok_post_ids: tuple[str, ...]
    share_url: str | None


@attrs.frozen
class PostBecamePublic(PostEvent):
    tiktok_post_id: str
    share_url: str | None


@attrs.frozen
class PostFailed(PostEvent):
    error_code: str
    category: str
    message: str
    remedy: str
    log_id: str | None


@attrs.frozen
class PostRetried(PostEvent):
    scheduled_at: datetime


@attrs.frozen
class PostMovedToManual(PostEvent):
    reason: ManualReason
    detail: str


@attrs.frozen
class PostManuallyPublished(PostEvent):
    url: str
    marked_by: str


@attrs.frozen
class PostSentBack(PostEvent):
    """A client sent a draft back with a comment instead of approving it."""

    sent_back_by: str
    comment: str


EVENT_TYPES: tuple[type[PostEvent], ...] = (
    PostDrafted,
    PostEdited,
    PostApproved,
    PostScheduled,
    PostUnscheduled,
    PublishRequested,
    PublishingStarted,
    PublishIdRecorded,
    UploadStarted,
    PublishIdAbandoned,
    PostSentToInbox,
    PublishAttemptDeferred,
    PublishUnconfirmed,
    ReconciliationStarted,
    FoundOnProfile,
    PostPublished,
    PostBecamePublic,
    PostFailed,
    PostRetried,
    PostMovedToManual,
    PostManuallyPublished,
    PostSentBack,
)
