"""Sliding one-minute windows, per token and endpoint, as TikTok documents them."""

from __future__ import annotations

from collections import Counter, defaultdict, deque
from datetime import datetime, timedelta

WINDOW = timedelta(minutes=1)


class SlidingWindows:
    def __init__(self, window: timedelta = WINDOW) -> None:
        self.window = window
        self.rejected_by_endpoint: Counter[str] = Counter()
        self._hits: defaultdict[tuple[str, str], deque[datetime]] = defaultdict(deque)

    def allow(self, token: str, endpoint: str, limit: int, now: datetime) -> bool:
        """Record a call if it fits in the last minute's budget; False when over."""
        hits = self._hits[(token, endpoint)]
        while hits and now - hits[0] >= self.window:
            hits.popleft()
        if len(hits) >= limit:
            self.rejected_by_endpoint[endpoint] += 1
            return False
        hits.append(now)
        return True

    @property
    def rejected(self) -> int:
        return sum(self.rejected_by_endpoint.values())

    def clear(self) -> None:
        self._hits.clear()
