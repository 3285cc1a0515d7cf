"""Loading ads records for one organisation, and calling TikTok for an ad account.

``call`` is the one place that turns a token error (40102/40104/40105/40106) into a
revoked account, so every use-case handles revocation the same way.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Protocol, TypeVar

import attrs

from application.errors import Conflict, NotFound, TikTokApiError
from application.ports import Clock
from application.ports.ads import AdsUnitOfWork, AdsUnitOfWorkFactory
from domain.ads.account import AdAccount
from domain.ads.custom_audience import CustomAudience
from domain.ads.model import AdObject
from domain.secret import Secret
from domain.tiktok_errors import Category

T = TypeVar("T")


class AccountRevoked(Conflict):
    """The ad account is revoked: connect it again before calling TikTok for it."""


class _Owned(Protocol):
    @property
    def organisation_id(self) -> str: ...


Owned = TypeVar("Owned", bound=_Owned)


async def _in_org(
    get: Callable[[str], Awaitable[Owned]], key: str, organisation_id: str, kind: str
) -> Owned:
    """Another organisation's record does not exist for this one."""
    found = await get(key)
    if found.organisation_id != organisation_id:
        raise NotFound(kind, key)
    return found


async def account_in_org(uow: AdsUnitOfWork, account_id: str, organisation_id: str) -> AdAccount:
    return await _in_org(uow.ad_accounts.get, account_id, organisation_id, "ad account")


async def object_in_org(uow: AdsUnitOfWork, object_id: str, organisation_id: str) -> AdObject:
    return await _in_org(uow.ad_objects.get, object_id, organisation_id, "ads object")


async def audience_in_org(
    uow: AdsUnitOfWork, audience_id: str, organisation_id: str
) -> CustomAudience:
    return await _in_org(uow.audiences.get, audience_id, organisation_id, "audience")


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
