"""Admin alerts POSTed as JSON to a URL (Slack-compatible ``text`` included)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import structlog

from application.ports import AdminAlert

if TYPE_CHECKING:
    from adapters.system.http_session import HttpSession

log = structlog.get_logger("tiktok_channel.alerts")


class WebhookNotifier:
    def __init__(self, session: HttpSession, url: str) -> None:
        self.session = session
        self.url = url

    async def notify(self, alert: AdminAlert) -> bool:
        import aiohttp  # here, not at import: a worker's start does not load aiohttp

        body = {
            "kind": alert.kind,
            "organisation_id": alert.organisation_id,
            "subject_id": alert.subject_id,
            "message": alert.message,
            "occurred_at": alert.occurred_at.isoformat(),
            "text": f"[tiktok-channel] {alert.kind}: {alert.message}",
        }
        delivered = False
        try:
            async with self.session.post(
                self.url, json=body, timeout=aiohttp.ClientTimeout(total=10)
            ) as answer:
                delivered = answer.status < 300
                if not delivered:
                    log.warning("alert_webhook_refused", status=answer.status, kind=alert.kind)
        except (aiohttp.ClientError, TimeoutError) as exc:  # an alert must never break work
            log.warning("alert_webhook_unreachable", error=type(exc).__name__, kind=alert.kind)
        log.warning(
            "admin_alert", kind=alert.kind, subject_id=alert.subject_id, message=alert.message
        )
        return delivered
