"""The TikTokApi contract, run against the in-memory fake every unit test uses."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta
from pathlib import Path

import attrs
import pytest

from adapters.memory.clock import FakeClock
from adapters.memory.tiktok import FakeTikTokApi
from tests.contracts.tiktok_api_contract import TikTokApiContract, TikTokWorld


@attrs.define
class FakeWorld:
    api: FakeTikTokApi
    video: bytes = attrs.field(repr=False)
    big_video: bytes = attrs.field(repr=False)
    clock: FakeClock
    redirect_uri: str = "https://app.example/callback"

    async def authorization_code(self, username: str, scopes: tuple[str, ...]) -> str:
        return self.api.issue_code(self.open_id(username))

    def open_id(self, username: str) -> str:
        return f"open-{username}"

    def photo_urls(self, count: int) -> list[str]:
        return [f"https://media.example/photo-{n}.jpg" for n in range(count)]

    async def settle(self) -> None:
        return None

    def advance(self, seconds: int) -> None:
        self.clock.advance(timedelta(seconds=seconds))

    async def posted_media(self, username: str) -> list[str]:
        return [
            hashlib.sha256(bytes(p.uploaded)).hexdigest()
            for p in self.api.posted_videos(self.open_id(username))
            if not p.is_photo
        ]


class TestFakeTikTokApi(TikTokApiContract):
    @pytest.fixture
    def world(self, contract_media: dict[str, Path]) -> TikTokWorld:
        clock = FakeClock(datetime(2026, 3, 2, 12, 0, tzinfo=UTC))
        api = FakeTikTokApi(now=clock.now)
        for username in ("alpha", "beta"):
            api.add_account(f"open-{username}", username)
        return FakeWorld(
            api,
            contract_media["video"].read_bytes(),
            contract_media["big_video"].read_bytes(),
            clock,
        )
