"""A notifier that keeps every alert, for tests and the sandbox."""

from __future__ import annotations

import attrs

from application.ports import AdminAlert


@attrs.define
class RecordingNotifier:
    alerts: list[AdminAlert] = attrs.Factory(list)

    async def notify(self, alert: AdminAlert) -> None:
        self.alerts.append(alert)

    def kinds(self) -> list[str]:
        return [a.kind for a in self.alerts]
