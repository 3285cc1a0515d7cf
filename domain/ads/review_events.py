"""Ad and ad-group review events (Subscription API deliveries, or a poll) and their effect."""

from __future__ import annotations

import enum
import hashlib
import json
from datetime import datetime

import attrs

from domain.ads.model import AdObject, ObjectKind

# Subscription delivery ``object`` codes: 2 ad-group review status, 3 ad review status.
OBJECT_CODES = {2: ObjectKind.AD_GROUP, 3: ObjectKind.AD}


class ReviewOutcome(enum.StrEnum):
    APPROVED = "approved"
    REJECTED = "rejected"
    IN_REVIEW = "in_review"


# secondary_status values (facts 2.2) and what they say about review.
SECONDARY_STATUS = {
    "AD_STATUS_AUDIT": ReviewOutcome.IN_REVIEW,
    "AD_STATUS_REAUDIT": ReviewOutcome.IN_REVIEW,
    "AD_STATUS_AUDIT_DENY": ReviewOutcome.REJECTED,
    "AD_STATUS_DELIVERY_OK": ReviewOutcome.APPROVED,
    "AD_STATUS_NOT_START": ReviewOutcome.APPROVED,
    "AD_STATUS_DONE": ReviewOutcome.APPROVED,
    "AD_STATUS_DISABLE": ReviewOutcome.APPROVED,
    "ADGROUP_STATUS_AUDIT": ReviewOutcome.IN_REVIEW,
    "ADGROUP_STATUS_AUDIT_DENY": ReviewOutcome.REJECTED,
    "ADGROUP_STATUS_DELIVERY_OK": ReviewOutcome.APPROVED,
}


def outcome_of(
    secondary_status: str | None, reject_reason: str | None = None
) -> ReviewOutcome | None:
    if reject_reason:
        return ReviewOutcome.REJECTED
    if secondary_status is None:
        return None
    return SECONDARY_STATUS.get(secondary_status)


@attrs.frozen
class ReviewEvent:
    """One review result for one object, from a delivery entry or a poll."""

    key: str  # de-duplication key: the entry's log_id (or a poll's synthetic key)
    kind: ObjectKind
    advertiser_id: str
    tiktok_id: str
    outcome: ReviewOutcome
    reasons: tuple[str, ...] = ()


def apply_review(obj: AdObject, event: ReviewEvent, *, now: datetime) -> AdObject | None:
    """The object after the event, or None when it changes nothing (a duplicate in effect)."""
    if event.outcome is ReviewOutcome.IN_REVIEW:
        return None
    approved = event.outcome is ReviewOutcome.APPROVED
    if obj.review.status.value == event.outcome.value and obj.review.reasons == (
        () if approved else event.reasons
    ):
        return None
    return obj.reviewed(approved=approved, reasons=event.reasons, now=now)


def events_from_delivery(payload: dict[str, object]) -> list[ReviewEvent]:
    """Review events in a Subscription API delivery (object 2: ad group, 3: ad).

    TikTok's entry names the object and a ``reject_reason``; an empty reason is read as
    approved (our reading, docs/sandbox.md). Other object codes give no events.
    """
    code = payload.get("object")
    kind = OBJECT_CODES.get(code) if isinstance(code, int) else None
    entries = payload.get("entry")
    if kind is None or not isinstance(entries, list):
        return []
    id_field = "ad_id" if kind is ObjectKind.AD else "adgroup_id"
    found = []
    for entry in entries:
        if not isinstance(entry, dict) or not entry.get(id_field) or not entry.get("adv_id"):
            continue
        reason = str(entry.get("reject_reason") or "")
        key = (
            str(entry.get("log_id") or "")
            or hashlib.sha256(json.dumps(entry, sort_keys=True, default=str).encode()).hexdigest()
        )
        found.append(
            ReviewEvent(
                key=f"{kind.value}:{key}",
                kind=kind,
                advertiser_id=str(entry["adv_id"]),
                tiktok_id=str(entry[id_field]),
                outcome=ReviewOutcome.REJECTED if reason else ReviewOutcome.APPROVED,
                reasons=(reason,) if reason else (),
            )
        )
    return found
