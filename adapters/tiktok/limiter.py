"""Client-side sliding windows per token and endpoint: wait for a slot instead of a 429.

A call holds its slot from before it is sent until its answer arrives, and the slot's
time is the answer's arrival: TikTok counted the call somewhere in between, so measuring
the window from the answer can only be early, never late.
"""

from __future__ import annotations

import asyncio
import hashlib
import math
from collections import defaultdict
from collections.abc import Callable, Mapping
from typing import Protocol

from domain.secret import Secret

PENDING_POLL_S = 0.02


def token_key(token: Secret) -> str:
    """Windows are keyed by a digest, so no raw token lives in the limiter."""
    return hashlib.sha256(token.reveal().encode()).hexdigest()[:24]


class Slot:
    __slots__ = ("at", "id")

    def __init__(self, at: float = math.inf, id: int | None = None) -> None:
        self.at = at  # inf while the call is in flight
        self.id = id  # the shared limiter's row


class WindowFull(Exception):
    """The call would wait longer than the caller allows for a slot."""

    def __init__(self, wait_s: float) -> None:
        self.wait_s = wait_s
        super().__init__(f"the next slot opens in {wait_s:.1f} s")


class Limiter(Protocol):
    """Per token and endpoint windows; ``done`` when the answer arrived."""

    async def acquire(self, key: str, endpoint: str, max_wait_s: float | None = None) -> Slot:
        """Raises WindowFull when the slot is further away than ``max_wait_s``."""
        ...

    async def done(self, slot: Slot) -> None: ...

    async def free_in(self, key: str, endpoint: str) -> float:
        """Seconds until a call would fit (0: now); reserves nothing."""
        ...

    async def penalize(self, key: str, endpoint: str) -> None: ...


class RateLimiter:
    def __init__(
        self,
        limits: Mapping[str, int],
        window_s: float = 60.0,
        clock: Callable[[], float] | None = None,
    ) -> None:
        self.limits = dict(limits)
        self.window_s = window_s
        self._clock = clock
        self._slots: defaultdict[tuple[str, str], list[Slot]] = defaultdict(list)
        self._locks: defaultdict[tuple[str, str], asyncio.Lock] = defaultdict(asyncio.Lock)
        self.waited_s = 0.0

    def _now(self) -> float:
        return self._clock() if self._clock else asyncio.get_running_loop().time()

    async def acquire(self, key: str, endpoint: str, max_wait_s: float | None = None) -> Slot:
        """Wait until a call fits the endpoint's window; call ``done`` when it answers."""
        limit = self.limits.get(endpoint)
        if limit is None:
            return Slot()
        waited = 0.0
        async with self._locks[(key, endpoint)]:
            while True:
                now = self._now()
                live = [s for s in self._slots[(key, endpoint)] if s.at > now - self.window_s]
                self._slots[(key, endpoint)] = live
                if len(live) < limit:
                    slot = Slot()
                    live.append(slot)
                    return slot
                oldest = min(s.at for s in live)
                pause = PENDING_POLL_S if math.isinf(oldest) else oldest + self.window_s - now
                pause = max(pause, 0.001)
                if max_wait_s is not None and waited + pause > max_wait_s:
                    raise WindowFull(pause)
                waited += pause
                self.waited_s += pause
                await asyncio.sleep(pause)

    async def done(self, slot: Slot) -> None:
        slot.at = self._now()

    async def free_in(self, key: str, endpoint: str) -> float:
        limit = self.limits.get(endpoint)
        if limit is None:
            return 0.0
        now = self._now()
        live = [s.at for s in self._slots[(key, endpoint)] if s.at > now - self.window_s]
        if len(live) < limit:
            return 0.0
        answered = [at for at in live if not math.isinf(at)]
        return max(0.0, min(answered) + self.window_s - now) if answered else PENDING_POLL_S

    async def penalize(self, key: str, endpoint: str) -> None:
        """TikTok said 429 anyway: treat the window as full from now."""
        limit = self.limits.get(endpoint)
        if limit is not None:
            now = self._now()
            self._slots[(key, endpoint)] = [Slot(now) for _ in range(limit)]
