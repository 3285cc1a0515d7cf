"""Client-side sliding windows per token and endpoint: wait for a slot instead of a 429."""

from __future__ import annotations

import asyncio
import hashlib
from collections import defaultdict, deque
from collections.abc import Callable, Mapping

from domain.secret import Secret


def token_key(token: Secret) -> str:
    """Windows are keyed by a digest, so no raw token lives in the limiter."""
    return hashlib.sha256(token.reveal().encode()).hexdigest()[:24]


class RateLimiter:
    def __init__(self, limits: Mapping[str, int], window_s: float = 60.0,
                 clock: Callable[[], float] | None = None) -> None:
        self.limits = dict(limits)
        self.window_s = window_s
        self._clock = clock
        self._sent: defaultdict[tuple[str, str], deque[float]] = defaultdict(deque)
        self._locks: defaultdict[tuple[str, str], asyncio.Lock] = defaultdict(asyncio.Lock)

    def _now(self) -> float:
        return self._clock() if self._clock else asyncio.get_running_loop().time()

    async def acquire(self, key: str, endpoint: str) -> float:
        """Wait until a call fits the endpoint's window; returns the seconds waited."""
        limit = self.limits.get(endpoint)
        if limit is None:
            return 0.0
        waited = 0.0
        async with self._locks[(key, endpoint)]:
            sent = self._sent[(key, endpoint)]
            while True:
                now = self._now()
                while sent and now - sent[0] >= self.window_s:
                    sent.popleft()
                if len(sent) < limit:
                    sent.append(now)
                    return waited
                pause = sent[0] + self.window_s - now
                waited += pause
                await asyncio.sleep(pause)

    def penalize(self, key: str, endpoint: str) -> None:
        """TikTok said 429 anyway: treat the window as full from now."""
        limit = self.limits.get(endpoint)
        if limit is None:
            return
        now = self._now()
        self._sent[(key, endpoint)] = deque([now] * limit, maxlen=None)
