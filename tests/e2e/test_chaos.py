"""Publisher processes killed with SIGKILL mid-work: nothing is lost or posted twice."""

from __future__ import annotations

import argparse

import pytest

from bench.chaos import main_async


@pytest.mark.slow
async def test_killed_publishers_lose_nothing_and_post_nothing_twice() -> None:
    figures = await main_async(argparse.Namespace(
        posts=40, creators=10, publishers=3, kill_every=1.0, lease=3, timeout=120,
        database_url=None, faults=False))
    assert figures["kills"] >= 1
    assert (figures["duplicates"], figures["lost"], figures["unfinished"]) == (0, 0, 0)
    assert figures["published"] + figures["failed"] == 40
    assert figures["failed_without_reason"] == 0
    assert figures["on_tiktok"] == figures["published"]
