"""One pass of Accounts API token upkeep: refresh every access token about to expire."""

from __future__ import annotations

import attrs

from application.errors import ApplicationError
from application.ports import Clock, UnitOfWorkFactory
from application.ports.runs import Runs, unobserved
from application.use_cases.refresh_business_token import (
    REFRESH_MARGIN,
    BusinessRefreshOutcome,
    RefreshBusinessToken,
)


@attrs.frozen
class BusinessUpkeepResult:
    outcomes: tuple[BusinessRefreshOutcome, ...]
    failed: tuple[str, ...]  # transient failures: retried on the next pass


@attrs.frozen
class RunBusinessTokenUpkeep:
    uow: UnitOfWorkFactory
    refresh: RefreshBusinessToken
    clock: Clock
    runs: Runs = unobserved  # each connection's refresh is one run

    async def __call__(self) -> BusinessUpkeepResult:
        async with self.uow() as uow:
            due = await uow.business_connections.needing_refresh(
                before=self.clock.now() + REFRESH_MARGIN
            )
        outcomes, failed = [], []
        for connection in due:
            with self.runs(
                "refresh_business_token",
                business_connection_id=connection.id,
                channel_id=connection.channel_id,
                organisation_id=connection.organisation_id,
            ) as run:
                try:
                    outcome = await self.refresh(connection_id=connection.id)
                except ApplicationError as exc:
                    run.failed(exc)
                    failed.append(f"{connection.id}: {exc}")
                    continue
                if not outcome.refreshed:
                    run.skipped(outcome.reason)
                outcomes.append(outcome)
        return BusinessUpkeepResult(tuple(outcomes), tuple(failed))
