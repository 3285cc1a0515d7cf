"""Warn an organisation, once per refresh token, that a channel must be reconnected
before its refresh token expires. Sent alerts are recorded: a restart does not warn again,
and an alert that could not be delivered is tried again on the next round."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta

import attrs

from application.ports import AdminAlert, AlertKey, Clock, Notifier, UnitOfWorkFactory
from domain.channel import Channel

KIND = "refresh_token_expiring"
CLAIM_LAPSES = timedelta(minutes=10)  # a sender that died mid-send: its claim lapses


@attrs.frozen
class AlertsSent:
    sent: tuple[str, ...]  # channel ids warned now
    undelivered: tuple[str, ...]  # tried again next round


@attrs.frozen
class AlertExpiringTokens:
    uow: UnitOfWorkFactory
    notifier: Notifier
    clock: Clock
    claim_lapses: timedelta = CLAIM_LAPSES

    async def __call__(self, *, channels: Sequence[Channel]) -> AlertsSent:
        sent: list[str] = []
        undelivered: list[str] = []
        for channel in channels:
            if channel.tokens is None:
                continue
            key = AlertKey(
                KIND,
                channel.id,
                channel.tokens.refresh_expires_at.isoformat(),
                channel.organisation_id,
            )
            now = self.clock.now()
            async with self.uow() as uow:
                claimed = await uow.alerts.claim(key, now=now, stale_before=now - self.claim_lapses)
                await uow.commit()
            if not claimed:
                continue  # sent before, or another worker is sending it
            delivered = await self.notifier.notify(  # no transaction open while sending
                AdminAlert(
                    KIND,
                    channel.organisation_id,
                    channel.id,
                    f"TikTok channel {channel.display_name} must be reconnected before its "
                    f"refresh token expires ({channel.tokens.refresh_expires_at:%Y-%m-%d %H:%M} "
                    "UTC)",
                    now,
                )
            )
            async with self.uow() as uow:
                if delivered:
                    await uow.alerts.mark_sent(key, now=self.clock.now())
                else:
                    await uow.alerts.release(key)
                await uow.commit()
            (sent if delivered else undelivered).append(channel.id)
        return AlertsSent(tuple(sent), tuple(undelivered))
