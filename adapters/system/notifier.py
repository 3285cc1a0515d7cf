"""Admin alerts as structured log lines (a mail or chat notifier plugs in the same way)."""

from __future__ import annotations

import structlog

from application.ports import AdminAlert

log = structlog.get_logger("tiktok_channel.alerts")


class LogNotifier:
    async def notify(self, alert: AdminAlert) -> bool:
        log.warning(
            "admin_alert",
            kind=alert.kind,
            organisation_id=alert.organisation_id,
            subject_id=alert.subject_id,
            message=alert.message,
            occurred_at=alert.occurred_at.isoformat(),
        )
        return True
