"""TikTok webhook events, and the status report a post.publish.* event implies."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping

import attrs

from domain.publish_status import PublishStatusReport, TikTokPublishStatus

PUBLISH_EVENTS = {
    "post.publish.complete": TikTokPublishStatus.PUBLISH_COMPLETE,
    "post.publish.publicly_available": TikTokPublishStatus.PUBLISH_COMPLETE,
    "post.publish.inbox_delivered": TikTokPublishStatus.SEND_TO_USER_INBOX,
    "post.publish.failed": TikTokPublishStatus.FAILED,
}
AUTHORIZATION_REMOVED = "authorization.removed"
REMOVAL_REASONS = {
    0: "unknown",
    1: "the user disconnected the app in TikTok",
    2: "the TikTok account was deleted",
    3: "the user's age changed",
    4: "the TikTok account was banned",
    5: "the developer revoked access",
}


@attrs.frozen
class TikTokWebhookEvent:
    client_key: str
    event: str
    create_time: int
    user_openid: str | None
    content: Mapping[str, object]  # the envelope's content string, parsed

    @property
    def identity(self) -> str:
        """Stable identity for de-duplication: the same delivery twice has the same key."""
        canonical = json.dumps(
            [self.client_key, self.event, self.create_time, self.user_openid, dict(self.content)],
            sort_keys=True,
            separators=(",", ":"),
            default=str,
        )
        return hashlib.sha256(canonical.encode()).hexdigest()

    @property
    def publish_id(self) -> str | None:
        value = self.content.get("publish_id")
        return str(value) if value is not None else None

    def status_report(self) -> PublishStatusReport | None:
        """The publish status this event announces, for post.publish.* events."""
        status = PUBLISH_EVENTS.get(self.event)
        publish_id = self.publish_id
        if status is None or publish_id is None:
            return None
        post_id = self.content.get("post_id")
        reason = self.content.get("reason")
        return PublishStatusReport(
            publish_id=publish_id,
            status=status,
            fail_reason=str(reason) if status is TikTokPublishStatus.FAILED and reason else None,
            public_post_ids=(str(post_id),) if post_id is not None else (),
        )

    def removal_reason(self) -> str:
        code = self.content.get("reason")
        return REMOVAL_REASONS.get(code if isinstance(code, int) else 0, "unknown")
