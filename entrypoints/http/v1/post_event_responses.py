"""The audit trail of a post (``events`` on GET /v1/posts/{id}): one class per kind of
event, told apart by ``name``. Each is filled from the domain event's fields by name
(``entrypoints.views.post_event_out``), so a field the domain drops fails loudly."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

import attrs

from domain.post_state import ManualReason


@attrs.frozen(kw_only=True)
class PostDraftedOut:
    name: Literal["PostDrafted"] = "PostDrafted"
    post_id: str
    occurred_at: datetime
    kind: str
    created_by: str


@attrs.frozen(kw_only=True)
class PostEditedOut:
    name: Literal["PostEdited"] = "PostEdited"
    post_id: str
    occurred_at: datetime
    approval_voided: bool
    fields: list[str]


@attrs.frozen(kw_only=True)
class PostApprovedOut:
    name: Literal["PostApproved"] = "PostApproved"
    post_id: str
    occurred_at: datetime
    approved_by: str


@attrs.frozen(kw_only=True)
class PostScheduledOut:
    name: Literal["PostScheduled"] = "PostScheduled"
    post_id: str
    occurred_at: datetime
    scheduled_at: datetime


@attrs.frozen(kw_only=True)
class PostUnscheduledOut:
    name: Literal["PostUnscheduled"] = "PostUnscheduled"
    post_id: str
    occurred_at: datetime


@attrs.frozen(kw_only=True)
class PublishRequestedOut:
    name: Literal["PublishRequested"] = "PublishRequested"
    post_id: str
    occurred_at: datetime


@attrs.frozen(kw_only=True)
class PublishingStartedOut:
    name: Literal["PublishingStarted"] = "PublishingStarted"
    post_id: str
    occurred_at: datetime
    attempt: int


@attrs.frozen(kw_only=True)
class PublishIdRecordedOut:
    name: Literal["PublishIdRecorded"] = "PublishIdRecorded"
    post_id: str
    occurred_at: datetime
    publish_id: str


@attrs.frozen(kw_only=True)
class UploadStartedOut:
    name: Literal["UploadStarted"] = "UploadStarted"
    post_id: str
    occurred_at: datetime
    publish_id: str


@attrs.frozen(kw_only=True)
class PublishIdAbandonedOut:
    name: Literal["PublishIdAbandoned"] = "PublishIdAbandoned"
    post_id: str
    occurred_at: datetime
    publish_id: str
    reason: str


@attrs.frozen(kw_only=True)
class PostSentToInboxOut:
    name: Literal["PostSentToInbox"] = "PostSentToInbox"
    post_id: str
    occurred_at: datetime
    publish_id: str


@attrs.frozen(kw_only=True)
class PublishAttemptDeferredOut:
    name: Literal["PublishAttemptDeferred"] = "PublishAttemptDeferred"
    post_id: str
    occurred_at: datetime
    error_code: str
    retry_at: datetime


@attrs.frozen(kw_only=True)
class PublishUnconfirmedOut:
    name: Literal["PublishUnconfirmed"] = "PublishUnconfirmed"
    post_id: str
    occurred_at: datetime
    publish_id: str | None


@attrs.frozen(kw_only=True)
class ReconciliationStartedOut:
    name: Literal["ReconciliationStarted"] = "ReconciliationStarted"
    post_id: str
    occurred_at: datetime
    reason: str


@attrs.frozen(kw_only=True)
class FoundOnProfileOut:
    name: Literal["FoundOnProfile"] = "FoundOnProfile"
    post_id: str
    occurred_at: datetime
    tiktok_post_id: str


@attrs.frozen(kw_only=True)
class PostPublishedOut:
    name: Literal["PostPublished"] = "PostPublished"
    post_id: str
    occurred_at: datetime
    tiktok_post_ids: list[str]
    share_url: str | None


@attrs.frozen(kw_only=True)
class PostBecamePublicOut:
    name: Literal["PostBecamePublic"] = "PostBecamePublic"
    post_id: str
    occurred_at: datetime
    tiktok_post_id: str
    share_url: str | None


@attrs.frozen(kw_only=True)
class PostFailedOut:
    name: Literal["PostFailed"] = "PostFailed"
    post_id: str
    occurred_at: datetime
    error_code: str
    category: str
    message: str
    remedy: str
    log_id: str | None


@attrs.frozen(kw_only=True)
class PostRetriedOut:
    name: Literal["PostRetried"] = "PostRetried"
    post_id: str
    occurred_at: datetime
    scheduled_at: datetime


@attrs.frozen(kw_only=True)
class PostMovedToManualOut:
    name: Literal["PostMovedToManual"] = "PostMovedToManual"
    post_id: str
    occurred_at: datetime
    reason: ManualReason
    detail: str


@attrs.frozen(kw_only=True)
class PostManuallyPublishedOut:
    name: Literal["PostManuallyPublished"] = "PostManuallyPublished"
    post_id: str
    occurred_at: datetime
    url: str
    marked_by: str


@attrs.frozen(kw_only=True)
class PostSentBackOut:
    """A client sent the draft back from an approval link, with what should change."""

    name: Literal["PostSentBack"] = "PostSentBack"
    post_id: str
    occurred_at: datetime
    sent_back_by: str
    comment: str


PostEventOut = (
    PostDraftedOut
    | PostEditedOut
    | PostApprovedOut
    | PostScheduledOut
    | PostUnscheduledOut
    | PublishRequestedOut
    | PublishingStartedOut
    | PublishIdRecordedOut
    | UploadStartedOut
    | PublishIdAbandonedOut
    | PostSentToInboxOut
    | PublishAttemptDeferredOut
    | PublishUnconfirmedOut
    | ReconciliationStartedOut
    | FoundOnProfileOut
    | PostPublishedOut
    | PostBecamePublicOut
    | PostFailedOut
    | PostRetriedOut
    | PostMovedToManualOut
    | PostManuallyPublishedOut
    | PostSentBackOut
)
BY_NAME: dict[str, type[PostEventOut]] = {
    cls.__name__.removesuffix("Out"): cls for cls in PostEventOut.__args__
}
