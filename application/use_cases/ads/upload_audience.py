"""Build or extend a custom audience from a customer file, hashed here, streamed.

The raw file is read block by block, normalised and SHA-256 hashed as it arrives; only the
hashed lines reach the spool, the MD5 signature and TikTok. Nothing raw is stored, logged
or sent; memory stays flat whatever the file's size.
"""

from __future__ import annotations

import hashlib
from collections.abc import AsyncIterable

import attrs

from application.ads_access import AccountCaller, account_in_org, audience_in_org
from application.errors import Conflict
from application.ports import Clock, IdGenerator
from application.ports.ads import AdsUnitOfWorkFactory, HashedSpool, MarketingApi, SpoolFactory
from domain.ads.audience import IdentifierKind, LineHasher, Normaliser, PhoneEdition
from domain.ads.custom_audience import CustomAudience
from domain.errors import RuleViolation, raise_if_any
from domain.secret import Secret


@attrs.frozen
class Hashed:
    spool: HashedSpool
    signature: str
    identifiers: int
    rejected: int


async def hash_to_spool(
    blocks: AsyncIterable[bytes], normaliser: Normaliser, spool: HashedSpool
) -> Hashed:
    hasher = LineHasher(normaliser)
    md5 = hashlib.md5(usedforsecurity=False)
    async for block in blocks:
        out = hasher.feed(block)
        if out:
            spool.write(out)
            md5.update(out)
    out = hasher.finish()
    if out:
        spool.write(out)
        md5.update(out)
    stats = hasher.stats
    raise_if_any(
        []
        if stats.hashed
        else [
            RuleViolation(
                "no_identifiers", "file", "no line could be read as an identifier", stats.rejected
            )
        ]
    )
    return Hashed(spool, md5.hexdigest(), stats.hashed, stats.rejected)


@attrs.frozen
class UploadAudience:
    uow: AdsUnitOfWorkFactory
    marketing: MarketingApi
    spools: SpoolFactory
    clock: Clock
    ids: IdGenerator
    phone_edition: PhoneEdition = PhoneEdition.E164
    country_code: str = "1"

    async def __call__(
        self,
        *,
        organisation_id: str,
        kind: IdentifierKind,
        blocks: AsyncIterable[bytes],
        account_id: str | None = None,
        name: str | None = None,
        audience_id: str | None = None,
    ) -> CustomAudience:
        """A new audience named ``name`` in ``account_id``, or ``audience_id`` extended."""
        if audience_id is None:
            CustomAudience.check_name(name or "")
        async with self.uow() as uow:
            existing = (
                await audience_in_org(uow, audience_id, organisation_id) if audience_id else None
            )
            account_id = existing.account_id if existing else account_id
            if account_id is None:
                raise Conflict("give the ad account for a new audience")
            account = await account_in_org(uow, account_id, organisation_id)
        if existing is not None and (existing.kind is not kind or existing.tiktok_id is None):
            raise Conflict(
                f"audience {audience_id} holds {existing.kind} identifiers, not {kind.value}"
            )
        normaliser = Normaliser(kind, self.phone_edition, self.country_code)
        spool = self.spools()
        try:
            hashed = await hash_to_spool(blocks, normaliser, spool)
            calc = kind.calculate_type

            async def send(token: Secret) -> tuple[str, str]:
                path = await self.marketing.upload_audience_file(
                    token, account.advertiser_id, calculate_type=calc, source=spool.chunks,
                    size=spool.size, signature=hashed.signature, file_name=f"{self.ids.new_id()}.csv",
                )  # fmt: skip
                if existing is None:
                    made = await self.marketing.create_audience(
                        token,
                        account.advertiser_id,
                        name=name or "",
                        calculate_type=calc,
                        file_paths=[path],
                    )
                    return made, path
                assert existing.tiktok_id is not None
                await self.marketing.append_audience(
                    token,
                    account.advertiser_id,
                    existing.tiktok_id,
                    calculate_type=calc,
                    file_paths=[path],
                )
                return existing.tiktok_id, path

            tiktok_id, path = await AccountCaller(self.uow, self.clock)(account, send)
        finally:
            spool.close()
        async with self.uow() as uow:
            if existing is None:
                audience = CustomAudience(
                    id=self.ids.new_id(), organisation_id=organisation_id, account_id=account.id,
                    name=name or "", created_at=self.clock.now(), kind=kind, tiktok_id=tiktok_id,
                )  # fmt: skip
                audience = audience.appended(
                    file_path=path, signature=hashed.signature,
                    identifiers=hashed.identifiers, rejected=hashed.rejected,
                )  # fmt: skip
                saved = await uow.audiences.add(audience)
            else:
                current = await uow.audiences.get(existing.id)
                saved = await uow.audiences.save(
                    current.appended(
                        file_path=path,
                        signature=hashed.signature,
                        identifiers=hashed.identifiers,
                        rejected=hashed.rejected,
                    )
                )
            await uow.commit()
        return saved
