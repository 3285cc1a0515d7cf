"""The ads workers' round, for every connected ad account of every organisation: finish
creates whose answer was lost, reconcile reviews by polling, and sync the report of
yesterday and today (yesterday's figures settle over the day; a sync replaces the day)."""

from __future__ import annotations

from datetime import timedelta

import attrs

from application.errors import ApplicationError
from application.ports import Clock
from application.ports.ads import AdsUnitOfWorkFactory
from application.ports.runs import Runs, unobserved
from application.use_cases.ads.finish_pending_creates import FinishPendingCreates
from application.use_cases.ads.reconcile_ad_reviews import ReconcileAdReviews
from application.use_cases.ads.sync_ad_reports import SyncAdReports
from domain.errors import DomainError


@attrs.frozen
class AdsRound:
    accounts: int
    report_rows: int
    reviews_changed: int
    failed: dict[str, str]  # account id -> why


@attrs.frozen
class RunAdsRound:
    uow: AdsUnitOfWorkFactory
    finish: FinishPendingCreates
    reconcile: ReconcileAdReviews
    sync: SyncAdReports
    clock: Clock
    runs: Runs = unobserved  # each account's round is one run

    async def __call__(self) -> AdsRound:
        async with self.uow() as uow:
            accounts = await uow.ad_accounts.connected()
        today = self.clock.now().date()
        rows = reviews = 0
        failed: dict[str, str] = {}
        for account in accounts:  # one account's failure never stops the others
            org, acc = account.organisation_id, account.id
            with self.runs("ads_account_round", organisation_id=org, ad_account_id=acc) as run:
                account_rows = account_reviews = 0
                try:
                    await self.finish(organisation_id=org, account_id=acc)
                    account_reviews = len(await self.reconcile(organisation_id=org, account_id=acc))
                    for day in (today - timedelta(days=1), today):
                        synced = await self.sync(organisation_id=org, account_id=acc, day=day)
                        account_rows += len(synced)
                except (ApplicationError, DomainError) as exc:
                    run.failed(exc)
                    failed[acc] = str(exc)
                run.note(report_rows=account_rows, reviews_changed=account_reviews)
                rows, reviews = rows + account_rows, reviews + account_reviews
        return AdsRound(len(accounts), rows, reviews, failed)
