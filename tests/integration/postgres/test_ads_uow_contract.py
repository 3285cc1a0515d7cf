"""The ads unit-of-work contract, run against PostgreSQL; tokens are sealed at rest."""

from __future__ import annotations

import asyncpg
import pytest

from adapters.postgres.ads import PgAdsUowFactory
from adapters.system.cipher import AesGcmCipher
from application.ports.ads import AdsUnitOfWorkFactory
from tests.contracts.ads_uow_contract import AdsUnitOfWorkContract, account

pytestmark = pytest.mark.postgres


class TestPostgresAdsUnitOfWork(AdsUnitOfWorkContract):
    @pytest.fixture
    def uow_factory(self, pool: asyncpg.Pool, cipher: AesGcmCipher) -> AdsUnitOfWorkFactory:
        return PgAdsUowFactory(pool, cipher)


async def test_the_access_token_is_not_in_the_table_in_clear(
    pool: asyncpg.Pool, cipher: AesGcmCipher
) -> None:
    factory = PgAdsUowFactory(pool, cipher)
    async with factory() as uow:
        await uow.ad_accounts.add(account())
        await uow.commit()
    async with pool.acquire() as conn:
        dump = str([dict(r) for r in await conn.fetch("SELECT * FROM ad_accounts")])
    assert "tok-secret" not in dump
