"""A post's audit trail as sentences people read, in the order it happened."""

from __future__ import annotations

import re
from typing import Any

from entrypoints.console.pages import when

_SAY: dict[str, str] = {
    "PostDrafted": "Drafted by {created_by}",
    "PostEdited": "Edited ({fields}){voided}",
    "PostApproved": "Approved by {approved_by}",
    "PostSentBack": "Sent back by {sent_back_by}: “{comment}”",
    "PostScheduled": "Scheduled for {scheduled_at}",
    "PostUnscheduled": "Taken off the schedule",
    "PublishRequested": "Publish now requested",
    "PublishingStarted": "Publishing started (attempt {attempt})",
    "PublishIdRecorded": "TikTok accepted it (publish id {publish_id})",
    "UploadStarted": "Upload to TikTok started",
    "PublishIdAbandoned": "Publish id {publish_id} abandoned: {reason}",
    "PostSentToInbox": "Sent to the creator's TikTok inbox",
    "PublishAttemptDeferred": "Attempt deferred ({error_code}) until {retry_at}",
    "PublishUnconfirmed": "TikTok did not confirm in time: check the profile",
    "ReconciliationStarted": "Looking for it on the profile: {reason}",
    "FoundOnProfile": "Found on the profile (video {tiktok_post_id})",
    "PostPublished": "Published on TikTok",
    "PostBecamePublic": "Public on TikTok (video {tiktok_post_id})",
    "PostFailed": "Failed: {error_code}: {message}",
    "PostRetried": "Retried, due {scheduled_at}",
    "PostMovedToManual": "Moved to manual publishing ({reason}){detail}",
    "PostManuallyPublished": "Marked published by hand by {marked_by}: {url}",
}
_TIMES = frozenset({"scheduled_at", "retry_at"})


def _words(name: str) -> str:
    return re.sub(r"(?<!^)([A-Z])", r" \1", name).capitalize()


def _value(key: str, value: Any) -> str:
    if key in _TIMES:
        return when(value)
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value)
    return "" if value is None else str(value)


def sentence(event: dict[str, Any]) -> str:
    fields = {k: _value(k, v) for k, v in event.items()}
    fields["voided"] = "; the approval was voided" if event.get("approval_voided") else ""
    fields["detail"] = f": {event['detail']}" if event.get("detail") else ""
    template = _SAY.get(event["name"])
    if template is None:
        return _words(event["name"])
    try:
        return template.format(**fields)
    except KeyError:
        return _words(event["name"])


def trail(events: list[dict[str, Any]]) -> list[dict[str, str]]:
    return [{"at": e["occurred_at"], "text": sentence(e), "name": e["name"]} for e in events]
