"""The Accounts API repositories' contract, run against the in-memory adapter."""

from __future__ import annotations

import pytest

from adapters.memory.store import MemoryStore
from adapters.memory.unit_of_work import MemoryUowFactory
from application.ports import UnitOfWorkFactory
from tests.contracts.business_contract import BusinessRepositoriesContract


class TestMemoryBusinessRepositories(BusinessRepositoriesContract):
    @pytest.fixture
    def uow_factory(self) -> UnitOfWorkFactory:
        return MemoryUowFactory(MemoryStore())
