"""A notifier that keeps every alert, for tests and the sandbox."""

from __future__ import annotations

import attrs

from application.ports import AdminAlert


@attrs.define
class RecordingNotifier:
    alerts: list[AdminAlert] = attrs.Factory(list)
    down: bool = False  # True: every alert fails to be delivered (and is not kept)

    async def notify(self, alert: AdminAlert) -> bool:
        if self.down:
            return False
        self.alerts.append(alert)
        return True

    def kinds(self) -> list[str]:
        return [a.kind for a in self.alerts]
