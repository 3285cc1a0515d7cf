"""The unit-of-work contract, run against the in-memory adapter."""

from __future__ import annotations

import pytest

from adapters.memory.store import MemoryStore
from adapters.memory.unit_of_work import MemoryUowFactory
from application.ports import UnitOfWorkFactory
from tests.contracts.unit_of_work_contract import UnitOfWorkContract


class TestMemoryUnitOfWork(UnitOfWorkContract):
    @pytest.fixture
    def uow_factory(self) -> UnitOfWorkFactory:
        return MemoryUowFactory(MemoryStore())
