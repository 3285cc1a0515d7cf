"""One pass of Accounts API token upkeep: refresh every access token about to expire."""

from __future__ import annotations

import attrs

from application.errors import ApplicationError
from application.ports import Clock, UnitOfWorkFactory
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

    async def __call__(self) -> BusinessUpkeepResult:
        async with self.uow() as uow:
            due = await uow.business_connections.needing_refresh(
                before=self.clock.now() + REFRESH_MARGIN
            )
        outcomes, failed = [], []
        for connection in due:
            try:
                outcomes.append(await self.refresh(connection_id=connection.id))
            except ApplicationError as exc:
                failed.append(f"{connection.id}: {exc}")
        return BusinessUpkeepResult(tuple(outcomes), tuple(failed))
