"""Loading ads records for one organisation, and calling TikTok for an ad account.

``call`` is the one place that turns a token error (40102/40104/40105/40106) into a
revoked account, so every use-case handles revocation the same way.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TypeVar

import attrs

from application.errors import Conflict, NotFound, TikTokApiError
from application.ports import Clock
from application.ports.ads import AdsUnitOfWork, AdsUnitOfWorkFactory
from domain.ads.account import AdAccount
from domain.ads.custom_audience import CustomAudience
from domain.ads.model import AdObject, CreativeAsset
from domain.secret import Secret
from domain.tiktok_errors import Category

T = TypeVar("T")


class AccountRevoked(Conflict):
    """The ad account is revoked: connect it again before calling TikTok for it."""


async def account_in_org(uow: AdsUnitOfWork, account_id: str, organisation_id: str) -> AdAccount:
    account = await uow.ad_accounts.get(account_id)
    if account.organisation_id != organisation_id:
        raise NotFound("ad account", account_id)
    return account


async def object_in_org(uow: AdsUnitOfWork, object_id: str, organisation_id: str) -> AdObject:
    obj = await uow.ad_objects.get(object_id)
    if obj.organisation_id != organisation_id:
        raise NotFound("ads object", object_id)
    return obj


async def audience_in_org(
    uow: AdsUnitOfWork, audience_id: str, organisation_id: str
) -> CustomAudience:
    audience = await uow.audiences.get(audience_id)
    if audience.organisation_id != organisation_id:
        raise NotFound("audience", audience_id)
    return audience


async def creative_in_org(uow: AdsUnitOfWork, asset_id: str, organisation_id: str) -> CreativeAsset:
    asset = await uow.creatives.get(asset_id)
    if asset.organisation_id != organisation_id:
        raise NotFound("creative", asset_id)
    return asset


def usable(account: AdAccount) -> Secret:
    if not account.usable:
        raise AccountRevoked(
            f"ad account {account.id} is revoked ({account.revoke_reason}); connect it again"
        )
    return account.access_token


@attrs.frozen
class AccountCaller:
    """Runs a Marketing API call for an account; a token error revokes the account."""

    uow: AdsUnitOfWorkFactory
    clock: Clock

    async def __call__(self, account: AdAccount, call: Callable[[Secret], Awaitable[T]]) -> T:
        token = usable(account)
        try:
            return await call(token)
        except TikTokApiError as exc:
            if exc.error.category is Category.RECONNECT_NEEDED:
                await self._revoke(account.id, exc.error.code)
            raise

    async def _revoke(self, account_id: str, code: str) -> None:
        async with self.uow() as uow:
            account = await uow.ad_accounts.get(account_id)
            if account.usable:
                await uow.ad_accounts.save(
                    account.revoked(reason=f"TikTok answered {code}", now=self.clock.now())
                )
                await uow.commit()
