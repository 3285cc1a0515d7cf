"""Token upkeep: refresh every access token about to expire, and warn (once) about refresh
tokens that will expire soon (only a reconnect renews those)."""

from __future__ import annotations

from datetime import timedelta

import attrs

from application.errors import DatabaseUnavailable
from application.ports import Clock, UnitOfWorkFactory
from application.ports.runs import Runs, unobserved
from application.use_cases.alert_expiring_tokens import AlertExpiringTokens, AlertsSent
from application.use_cases.refresh_channel_token import RefreshChannelToken, RefreshOutcome
from domain.channel import Channel

REFRESH_AHEAD = timedelta(minutes=15)
WARN_AHEAD = timedelta(days=7)


@attrs.frozen
class UpkeepResult:
    outcomes: tuple[RefreshOutcome, ...]
    failed: tuple[str, ...]  # transient failures: retried on the next pass
    refresh_expiring: tuple[Channel, ...]
    alerts: AlertsSent


@attrs.frozen
class RunTokenUpkeep:
    uow: UnitOfWorkFactory
    refresh: RefreshChannelToken
    alert: AlertExpiringTokens
    clock: Clock
    ahead: timedelta = REFRESH_AHEAD
    warn_ahead: timedelta = WARN_AHEAD
    runs: Runs = unobserved  # each channel's refresh is one run

    async def __call__(self) -> UpkeepResult:
        now = self.clock.now()
        async with self.uow() as uow:
            due = await uow.channels.needing_refresh(before=now + self.ahead)
        outcomes, failed = [], []
        for channel in due:
            with self.runs(
                "refresh_channel_token",
                channel_id=channel.id,
                organisation_id=channel.organisation_id,
            ) as run:
                try:
                    outcome = await self.refresh(channel_id=channel.id)
                except DatabaseUnavailable:
                    raise  # nothing can be recorded: the worker waits for the database
                except Exception as exc:  # no channel stops the round
                    run.failed(exc)
                    failed.append(f"{channel.id}: {type(exc).__name__}: {exc}")
                    continue
                if not outcome.refreshed:
                    run.skipped(outcome.reason)
                outcomes.append(outcome)
        async with self.uow() as uow:  # after the refreshes: warn about the tokens now held
            connected = await uow.channels.connected()
        expiring = tuple(
            c
            for c in connected
            if c.refresh_token_expires_soon(now=now, warn_ahead=self.warn_ahead)
        )
        return UpkeepResult(
            tuple(outcomes), tuple(failed), expiring, await self.alert(channels=expiring)
        )
