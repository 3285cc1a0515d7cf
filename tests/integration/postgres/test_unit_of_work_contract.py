"""The unit-of-work contract, run against PostgreSQL."""

from __future__ import annotations

import asyncpg
import pytest

from adapters.postgres.unit_of_work import PgUowFactory
from adapters.system.cipher import AesGcmCipher
from application.ports import UnitOfWorkFactory
from tests.contracts.unit_of_work_contract import UnitOfWorkContract


class TestPostgresUnitOfWork(UnitOfWorkContract):
    @pytest.fixture
    def uow_factory(self, pool: asyncpg.Pool, cipher: AesGcmCipher) -> UnitOfWorkFactory:
        return PgUowFactory(pool, cipher)
