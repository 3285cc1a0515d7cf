"""The in-process limiter: a full window makes a caller wait, or, past its patience,
tells it when the next slot opens."""

from __future__ import annotations

import pytest

from adapters.tiktok.limiter import RateLimiter, WindowFull


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


async def test_a_full_window_says_when_it_opens() -> None:
    clock = Clock()
    limiter = RateLimiter({"video_init": 6}, window_s=60.0, clock=clock)
    for _ in range(6):
        await limiter.done(await limiter.acquire("tok", "video_init", 5.0))
        clock.now += 1.0
    with pytest.raises(WindowFull) as full:
        await limiter.acquire("tok", "video_init", 5.0)
    # The first answer came at 1000 s: its slot frees at 1060 s; it is 1006 s now.
    assert full.value.wait_s == pytest.approx(54.0)
    assert limiter.waited_s == 0.0  # it did not wait
    other = await limiter.acquire("other-token", "video_init", 5.0)  # windows are per token
    assert other is not None


async def test_within_its_patience_a_caller_waits_for_the_slot() -> None:
    limiter = RateLimiter({"video_init": 1}, window_s=0.05)
    await limiter.done(await limiter.acquire("tok", "video_init", 1.0))
    slot = await limiter.acquire("tok", "video_init", 1.0)  # real time: ~50 ms
    assert slot is not None and limiter.waited_s > 0


async def test_free_in_reserves_nothing() -> None:
    clock = Clock()
    limiter = RateLimiter({"video_init": 2}, window_s=60.0, clock=clock)
    assert await limiter.free_in("tok", "video_init") == 0.0
    await limiter.done(await limiter.acquire("tok", "video_init"))
    clock.now += 10
    await limiter.done(await limiter.acquire("tok", "video_init"))
    assert await limiter.free_in("tok", "video_init") == pytest.approx(50.0)
    assert await limiter.free_in("tok", "video_init") == pytest.approx(50.0)  # still
    assert await limiter.free_in("tok", "unlimited") == 0.0
