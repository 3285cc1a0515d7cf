"""API keys verified in the last second, kept per process: a busy client costs no database
read per request, and a revocation made anywhere reaches every process within ``ttl``
(each copy expires; the process that revokes forgets its copy at once)."""

from __future__ import annotations

from datetime import datetime, timedelta

import attrs

from domain.api_key import ApiKey

REVOCATION_DELAY = timedelta(seconds=1)
MAX_KEYS = 10_000


@attrs.define
class VerifiedKeys:
    ttl: timedelta = REVOCATION_DELAY
    _keys: dict[str, tuple[ApiKey, datetime]] = attrs.field(factory=dict, init=False)

    def get(self, key_id: str, *, now: datetime) -> ApiKey | None:
        held = self._keys.get(key_id)
        if held is None:
            return None
        key, loaded_at = held
        if not timedelta(0) <= now - loaded_at < self.ttl:  # expired, or the clock went back
            del self._keys[key_id]
            return None
        return key

    def put(self, key: ApiKey, *, now: datetime) -> None:
        if len(self._keys) >= MAX_KEYS:
            self._keys.clear()
        self._keys[key.id] = (key, now)

    def forget(self, key_id: str) -> None:
        self._keys.pop(key_id, None)
