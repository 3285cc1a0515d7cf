"""Upload an ad image from the object store, with its MD5 signature."""

from __future__ import annotations

from collections.abc import AsyncIterator

import attrs

from application.ads_access import AccountCaller, account_in_org
from application.errors import NotFound
from application.ports import Clock, IdGenerator, ObjectStorage
from application.ports.ads import AdsUnitOfWorkFactory, MarketingApi
from application.use_cases.ads.upload_ad_video import md5_of
from domain.ads.model import CreativeAsset
from domain.secret import Secret


@attrs.frozen
class UploadAdImage:
    uow: AdsUnitOfWorkFactory
    marketing: MarketingApi
    storage: ObjectStorage
    clock: Clock
    ids: IdGenerator

    async def __call__(self, *, organisation_id: str, account_id: str, key: str) -> CreativeAsset:
        if not key.startswith(f"orgs/{organisation_id}/"):
            raise NotFound("media", key)
        async with self.uow() as uow:
            account = await account_in_org(uow, account_id, organisation_id)
        info = await self.storage.head(key)
        signature = await md5_of(self.storage, key, info.size)

        def source() -> AsyncIterator[bytes]:
            return self.storage.read_range(key, 0, info.size - 1)

        async def upload(token: Secret) -> str:
            return await self.marketing.upload_image(
                token, account.advertiser_id, source=source, size=info.size,
                signature=signature, file_name=key.rsplit("/", 1)[-1],
            )  # fmt: skip

        image_id = await AccountCaller(self.uow, self.clock)(account, upload)
        asset = CreativeAsset(
            id=self.ids.new_id(), organisation_id=organisation_id, account_id=account.id,
            kind="image", tiktok_id=image_id, signature=signature, size_bytes=info.size,
            source=key, created_at=self.clock.now(), processed=True,
        )  # fmt: skip
        async with self.uow() as uow:
            await uow.creatives.add(asset)
            await uow.commit()
        return asset
