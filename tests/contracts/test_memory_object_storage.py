"""The object-storage contract, run against the in-memory adapter."""

from __future__ import annotations

import pytest

from adapters.memory.object_storage import MemoryObjectStorage
from application.ports import ObjectStorage
from tests.contracts.object_storage_contract import ObjectStorageContract


class TestMemoryObjectStorage(ObjectStorageContract):
    @pytest.fixture
    def storage(self) -> ObjectStorage:
        return MemoryObjectStorage(buffer_size=256 * 1024)
