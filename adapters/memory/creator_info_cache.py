"""Creators' info kept for a short while in this process (creator-options answers from it
instead of asking TikTok on every request)."""

from __future__ import annotations

from datetime import datetime, timedelta

from domain.creator import CreatorInfo

TTL = timedelta(seconds=30)


class TtlCreatorInfoCache:
    def __init__(self, ttl: timedelta = TTL) -> None:
        self.ttl = ttl
        self._kept: dict[str, tuple[datetime, CreatorInfo]] = {}

    def get(self, channel_id: str, *, now: datetime) -> CreatorInfo | None:
        found = self._kept.get(channel_id)
        if found is None or now - found[0] >= self.ttl:
            return None
        return found[1]

    def put(self, channel_id: str, info: CreatorInfo, *, now: datetime) -> None:
        self._kept = {k: v for k, v in self._kept.items() if now - v[0] < self.ttl}
        self._kept[channel_id] = (now, info)
