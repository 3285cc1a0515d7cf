"""The ads unit-of-work contract, run against the in-memory adapter."""

from __future__ import annotations

import pytest

from adapters.memory.ads import MemoryAdsStore, MemoryAdsUowFactory
from application.ports.ads import AdsUnitOfWorkFactory
from tests.contracts.ads_uow_contract import AdsUnitOfWorkContract


class TestMemoryAdsUnitOfWork(AdsUnitOfWorkContract):
    @pytest.fixture
    def uow_factory(self) -> AdsUnitOfWorkFactory:
        return MemoryAdsUowFactory(MemoryAdsStore())
