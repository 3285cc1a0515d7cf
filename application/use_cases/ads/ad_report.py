"""Read our stored report time series for an ad account."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import attrs

from application.ads_access import account_in_org
from application.ports.ads import AdsUnitOfWorkFactory
from domain.ads.model import ObjectKind
from domain.ads.reports import ReportRow
from domain.errors import RuleViolation, raise_if_any

MAX_DAYS = 366


@attrs.frozen
class AdReport:
    uow: AdsUnitOfWorkFactory

    async def __call__(
        self,
        *,
        organisation_id: str,
        account_id: str,
        level: ObjectKind,
        start: date,
        end: date,
        tiktok_id: str | None = None,
    ) -> Sequence[ReportRow]:
        raise_if_any(
            []
            if start <= end and (end - start).days < MAX_DAYS
            else [
                RuleViolation(
                    "date_range", "start", "start before end, at most a year", start.isoformat()
                )
            ]
        )
        async with self.uow() as uow:
            await account_in_org(uow, account_id, organisation_id)
            return await uow.ad_reports.list(
                account_id, level, start=start, end=end, tiktok_id=tiktok_id
            )
