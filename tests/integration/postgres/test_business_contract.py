"""The Accounts API repositories' contract, run against PostgreSQL."""

from __future__ import annotations

import asyncpg
import pytest

from adapters.postgres.unit_of_work import PgUowFactory
from adapters.system.cipher import AesGcmCipher
from application.ports import UnitOfWorkFactory
from tests.contracts.business_contract import BusinessRepositoriesContract


class TestPostgresBusinessRepositories(BusinessRepositoriesContract):
    @pytest.fixture
    def uow_factory(self, pool: asyncpg.Pool, cipher: AesGcmCipher) -> UnitOfWorkFactory:
        return PgUowFactory(pool, cipher)

    async def test_tokens_are_sealed_in_the_table(
        self, uow_factory: UnitOfWorkFactory, pool: asyncpg.Pool
    ) -> None:
        from tests.contracts.business_contract import connection

        async with uow_factory() as uow:
            await uow.business_connections.add(connection())
            await uow.commit()
        raw = await pool.fetchrow("SELECT * FROM business_connections")
        assert b"secret-access" not in bytes(raw["access_token_ct"])
        assert "secret" not in repr(dict(raw)).replace("access_token_ct", "")
