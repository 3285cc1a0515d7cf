"""The outbox contract, run against the in-memory adapter."""

from __future__ import annotations

import pytest

from adapters.memory.store import MemoryStore
from adapters.memory.unit_of_work import MemoryUowFactory
from application.ports import UnitOfWorkFactory
from tests.contracts.outbox_contract import OutboxContract


class TestMemoryOutbox(OutboxContract):
    @pytest.fixture
    def uow_factory(self) -> UnitOfWorkFactory:
        return MemoryUowFactory(MemoryStore())
