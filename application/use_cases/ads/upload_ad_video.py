"""Upload an ad video from the object store (streamed twice: MD5, then the upload; constant
memory) or by URL, and wait until TikTok has processed it."""

from __future__ import annotations

import asyncio
import hashlib
from collections.abc import AsyncIterator

import attrs

from application.ads_access import AccountCaller, account_in_org
from application.errors import NotFound, TikTokApiError
from application.ports import Clock, IdGenerator, ObjectStorage
from application.ports.ads import AdsUnitOfWorkFactory, MarketingApi
from domain.ads.model import CreativeAsset
from domain.errors import RulesViolated, RuleViolation
from domain.secret import Secret
from domain.tiktok_errors import ErrorSource, classify


async def md5_of(storage: ObjectStorage, key: str, size: int) -> str:
    digest = hashlib.md5(usedforsecurity=False)
    async for block in storage.read_range(key, 0, size - 1):
        digest.update(block)
    return digest.hexdigest()


@attrs.frozen
class UploadAdVideo:
    uow: AdsUnitOfWorkFactory
    marketing: MarketingApi
    storage: ObjectStorage
    clock: Clock
    ids: IdGenerator
    poll_s: float = 1.0
    ready_within_s: float = 120.0

    async def __call__(
        self,
        *,
        organisation_id: str,
        account_id: str,
        key: str | None = None,
        url: str | None = None,
        wait: bool = True,
    ) -> CreativeAsset:
        if (key is None) == (url is None):
            why = "give the object key or the URL, not both"
            raise RulesViolated([RuleViolation("video_source", "key", why)])
        async with self.uow() as uow:
            account = await account_in_org(uow, account_id, organisation_id)
        caller = AccountCaller(self.uow, self.clock)
        if key is not None:
            if not key.startswith(f"orgs/{organisation_id}/"):
                raise NotFound("media", key)
            info = await self.storage.head(key)
            signature = await md5_of(self.storage, key, info.size)

            def source() -> AsyncIterator[bytes]:
                return self.storage.read_range(key, 0, info.size - 1)

            async def by_file(token: Secret) -> str:
                return await self.marketing.upload_video(
                    token, account.advertiser_id, source=source, size=info.size,
                    signature=signature, file_name=key.rsplit("/", 1)[-1],
                )  # fmt: skip

            video_id = await caller(account, by_file)
            size, origin = info.size, key
        else:
            assert url is not None

            async def by_url(token: Secret) -> str:
                return await self.marketing.upload_video_by_url(
                    token, account.advertiser_id, url=url, file_name=url.rsplit("/", 1)[-1][:100]
                )

            video_id = await caller(account, by_url)
            signature, size, origin = "", 0, url
        asset = CreativeAsset(
            id=self.ids.new_id(), organisation_id=organisation_id, account_id=account.id,
            kind="video", tiktok_id=video_id, signature=signature, size_bytes=size,
            source=origin, created_at=self.clock.now(),
        )  # fmt: skip
        async with self.uow() as uow:
            await uow.creatives.add(asset)
            await uow.commit()
        return await self.wait_processed(asset) if wait else asset

    async def wait_processed(self, asset: CreativeAsset) -> CreativeAsset:
        async with self.uow() as uow:
            account = await uow.ad_accounts.get(asset.account_id)
        caller = AccountCaller(self.uow, self.clock)
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self.ready_within_s
        while True:

            async def info(token: Secret) -> bool:
                return (
                    await self.marketing.video_info(token, account.advertiser_id, asset.tiktok_id)
                ).processed

            if await caller(account, info):
                done = attrs.evolve(asset, processed=True)
                async with self.uow() as uow:
                    await uow.creatives.save(done)
                    await uow.commit()
                return done
            if loop.time() >= deadline:
                raise TikTokApiError(
                    classify(
                        ErrorSource.CLIENT,
                        "timeout",
                        detail=f"video {asset.tiktok_id} still processing",
                    )
                )
            await asyncio.sleep(self.poll_s)
