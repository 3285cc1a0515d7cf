"""The object-storage contract, run against the local-directory adapter."""

from __future__ import annotations

from pathlib import Path

import pytest

from adapters.storage.local import LocalObjectStorage
from application.ports import ObjectStorage
from tests.contracts.object_storage_contract import ObjectStorageContract


class TestLocalObjectStorage(ObjectStorageContract):
    @pytest.fixture
    def storage(self, tmp_path: Path) -> ObjectStorage:
        return LocalObjectStorage(tmp_path / "objects", buffer_size=256 * 1024)

    def test_keys_cannot_escape_the_root(self, tmp_path: Path) -> None:
        store = LocalObjectStorage(tmp_path / "objects")
        with pytest.raises(ValueError, match="media key"):
            store.local_path("../secrets.txt")
