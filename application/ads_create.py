"""Sending a create to TikTok exactly once (ADR: ads model).

The object is stored first, with its ``request_id`` (campaigns, ad groups); the moment
a create goes out is stored before the call (``create_sent_at``). Re-sending after a lost
answer or a crash is then safe: campaigns and ad groups go out again with the same
request_id, and TikTok returns the first object; ads have no such key, so the ad group is
listed first and an ad of the same name is adopted instead of creating a second one.
"""

from __future__ import annotations

import contextlib
import hashlib

import attrs

from application.ads_access import AccountCaller
from application.errors import TikTokApiError
from application.ports import Clock
from application.ports.ads import AdsUnitOfWorkFactory, MarketingApi
from domain.ads.account import AdAccount
from domain.ads.model import AdGroupSpec, AdObject, AdSpec, CampaignSpec, ObjectKind
from domain.secret import Secret
from domain.tiktok_errors import Category

RESENDS = 2  # extra tries within one request after a lost answer


def request_id_for(object_id: str) -> str:
    """A 64-bit integer as a string, derived from our id (so the same object, the same key)."""
    return str(int(hashlib.sha256(object_id.encode()).hexdigest()[:15], 16))


@attrs.frozen
class CreateSender:
    uow: AdsUnitOfWorkFactory
    marketing: MarketingApi
    clock: Clock
    review_callback_url: str | None = None  # subscribe to review events of ads, ad groups

    @property
    def caller(self) -> AccountCaller:
        return AccountCaller(self.uow, self.clock)

    async def send(self, object_id: str) -> AdObject:
        """Create the object on TikTok unless it is there already; returns it with its id."""
        for attempt in range(RESENDS + 1):
            try:
                return await self._send_once(object_id)
            except TikTokApiError as exc:
                retry = exc.error.category in (Category.AMBIGUOUS, Category.TRANSIENT)
                if not retry or attempt == RESENDS:
                    raise
        raise AssertionError("unreachable")  # pragma: no cover

    async def _send_once(self, object_id: str) -> AdObject:
        async with self.uow() as uow:
            obj = await uow.ad_objects.get(object_id)
            if obj.tiktok_id is not None:
                return obj
            account = await uow.ad_accounts.get(obj.account_id)
            parent = await uow.ad_objects.get(obj.parent_id) if obj.parent_id else None
            first_time = obj.create_sent_at is None
            if first_time:  # stored before the call: a crash after it is recoverable
                obj = await uow.ad_objects.save(obj.create_sent(now=self.clock.now()))
                await uow.commit()
        if parent is not None and parent.tiktok_id is None:
            parent = await self.send(parent.id)
        parent_tid = parent.tiktok_id if parent is not None else None

        async def create(token: Secret) -> str:
            spec = obj.spec
            adv = obj.advertiser_id
            if isinstance(spec, CampaignSpec):
                assert obj.request_id is not None
                return await self.marketing.create_campaign(
                    token, adv, spec, request_id=obj.request_id
                )
            assert parent_tid is not None
            if isinstance(spec, AdGroupSpec):
                assert obj.request_id is not None
                return await self.marketing.create_ad_group(
                    token, adv, parent_tid, spec, request_id=obj.request_id
                )
            assert isinstance(spec, AdSpec)
            if not first_time:  # the last attempt may have created it: look before re-sending
                for remote in await self.marketing.get_objects(
                    token, adv, ObjectKind.AD, parent_id=parent_tid
                ):
                    if remote.name == spec.name:
                        return remote.tiktok_id
            return await self.marketing.create_ad(token, adv, parent_tid, spec)

        tiktok_id = await self.caller(account, create)
        async with self.uow() as uow:
            current = await uow.ad_objects.get(object_id)
            if current.tiktok_id is not None:
                return current
            current = await uow.ad_objects.save(
                current.created(tiktok_id=tiktok_id, now=self.clock.now())
            )
            await uow.commit()
        if self.review_callback_url and current.kind is not ObjectKind.CAMPAIGN:
            await self._subscribe(account, current, tiktok_id)
        return current

    async def _subscribe(self, account: AdAccount, obj: AdObject, tiktok_id: str) -> None:
        """Best effort: a missed subscription is covered by the review poll."""
        entity = "AD" if obj.kind is ObjectKind.AD else "AD_GROUP"
        url = self.review_callback_url
        assert url is not None

        async def subscribe(token: Secret) -> str:
            return await self.marketing.subscribe(
                token,
                entity=entity,
                advertiser_id=obj.advertiser_id,
                object_id=tiktok_id,
                callback_url=url,
            )

        with contextlib.suppress(TikTokApiError):
            await self.caller(account, subscribe)
