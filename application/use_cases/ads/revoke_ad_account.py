"""Disconnect an ad account: revoke its token at TikTok, keep its records (read-only)."""

from __future__ import annotations

import contextlib

import attrs

from application.ads_access import account_in_org
from application.errors import TikTokApiError
from application.ports import Clock
from application.ports.ads import AdsUnitOfWorkFactory, MarketingApi
from domain.ads.account import AdAccount


@attrs.frozen
class RevokeAdAccount:
    uow: AdsUnitOfWorkFactory
    marketing: MarketingApi
    clock: Clock

    async def __call__(self, *, organisation_id: str, account_id: str) -> AdAccount:
        async with self.uow() as uow:
            account = await account_in_org(uow, account_id, organisation_id)
        if account.usable:
            # a token TikTok no longer knows is revoked already
            with contextlib.suppress(TikTokApiError):
                await self.marketing.revoke(account.access_token)
        now = self.clock.now()
        async with self.uow() as uow:  # one token may cover several advertisers: all go
            for other in await uow.ad_accounts.list(organisation_id):
                if other.usable and (
                    other.id == account_id or other.access_token == account.access_token
                ):
                    saved = await uow.ad_accounts.save(
                        other.revoked(reason="disconnected by the organisation", now=now)
                    )
                    account = saved if saved.id == account_id else account
            await uow.commit()
        return account
