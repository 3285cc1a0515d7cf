"""One round over every connected Accounts API connection: its insights synced and its
comments reconciled (webhooks drive the inbox; this catches what they missed). The
client's windows keep the round within TikTok's 40/min per account and 600/min per app,
so a round over many accounts takes longer rather than failing."""

from __future__ import annotations

import asyncio

import attrs

from application.errors import ApplicationError
from application.ports import UnitOfWorkFactory
from application.ports.runs import Runs, unobserved
from application.use_cases.sync_business_insights import SyncBusinessInsights
from application.use_cases.sync_comments import SyncComments
from domain.business_connection import BusinessConnection
from domain.errors import DomainError


@attrs.frozen
class AccountsApiRound:
    done: tuple[str, ...]
    failed: tuple[str, ...]


@attrs.frozen
class RunAccountsApiRound:
    uow: UnitOfWorkFactory
    sync_insights: SyncBusinessInsights
    sync_comments: SyncComments
    concurrency: int = 20  # accounts synced at once
    runs: Runs = unobserved  # each account's insights sync, and comments sync, is one run

    async def __call__(self, *, comments: bool = True) -> AccountsApiRound:
        async with self.uow() as uow:
            connections = await uow.business_connections.connected()
        gate = asyncio.Semaphore(self.concurrency)
        done: list[str] = []
        failed: list[str] = []

        async def one(connection: BusinessConnection) -> None:
            ids = {
                "channel_id": connection.channel_id,
                "organisation_id": connection.organisation_id,
            }
            async with gate:
                with self.runs("sync_business_insights", **ids) as run:
                    try:
                        await self.sync_insights(channel_id=connection.channel_id)
                    except (ApplicationError, DomainError) as exc:
                        run.failed(exc)
                        failed.append(f"{connection.channel_id}: {exc}")
                        return
                if comments:
                    with self.runs("sync_comments", **ids) as run:
                        try:
                            await self.sync_comments(channel_id=connection.channel_id)
                        except (ApplicationError, DomainError) as exc:
                            run.failed(exc)
                            failed.append(f"{connection.channel_id}: {exc}")
                            return
                done.append(connection.channel_id)

        # Each account in its own task: its runs' ids never reach another account's lines.
        await asyncio.gather(*(one(c) for c in connections))
        return AccountsApiRound(tuple(sorted(done)), tuple(sorted(failed)))
