"""Sync one day's integrated report (campaigns, ad groups, ads) into our own time series."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import attrs

from application.ads_access import AccountCaller, account_in_org
from application.ports import Clock
from application.ports.ads import AdsUnitOfWorkFactory, MarketingApi
from domain.ads.model import ObjectKind
from domain.ads.reports import AdMetrics, ReportRow
from domain.secret import Secret


@attrs.frozen
class SyncAdReports:
    uow: AdsUnitOfWorkFactory
    marketing: MarketingApi
    clock: Clock

    async def __call__(
        self, *, organisation_id: str, account_id: str, day: date
    ) -> Sequence[ReportRow]:
        async with self.uow() as uow:
            account = await account_in_org(uow, account_id, organisation_id)
        caller = AccountCaller(self.uow, self.clock)
        now = self.clock.now()
        rows: list[ReportRow] = []
        for level in (ObjectKind.CAMPAIGN, ObjectKind.AD_GROUP, ObjectKind.AD):

            async def fetch(
                token: Secret, level: ObjectKind = level
            ) -> Sequence[tuple[str, AdMetrics]]:
                return await self.marketing.report(token, account.advertiser_id, level, day)

            for tiktok_id, metrics in await caller(account, fetch):
                rows.append(
                    ReportRow(organisation_id, account.id, level, tiktok_id, day, metrics, now)
                )
        async with self.uow() as uow:  # one transaction: a day's figures land together
            await uow.ad_reports.upsert(rows)
            await uow.commit()
        return rows


@attrs.frozen
class SyncAllAdReports:
    """The daily job: yesterday's report for every connected ad account of an organisation."""

    uow: AdsUnitOfWorkFactory
    sync: SyncAdReports

    async def __call__(self, *, organisation_id: str, day: date) -> int:
        async with self.uow() as uow:
            accounts = [a for a in await uow.ad_accounts.list(organisation_id) if a.usable]
        total = 0
        for account in accounts:
            total += len(
                await self.sync(organisation_id=organisation_id, account_id=account.id, day=day)
            )
        return total
