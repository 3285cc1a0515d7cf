"""Publisher processes killed with SIGKILL mid-work: nothing is lost or posted twice."""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from pathlib import Path

import pytest

from bench.chaos import main_async
from tests.tempdirs import server_reachable_dir

pytestmark = [pytest.mark.postgres, pytest.mark.slow]
POSTS = 100


@pytest.fixture
def data_dir() -> Iterator[Path]:
    """The bench's embedded cluster and scratch files: never the user's ./.data."""
    with server_reachable_dir("tiktok-channel-chaos-") as path:
        yield path


async def test_killed_publishers_lose_nothing_and_post_nothing_twice(data_dir: Path) -> None:
    # The work must outlast the first chance to kill: a publisher is killed only while it
    # holds a lease, after `settle` intervals alive. Publishers start in about 0.3 s now
    # and publish a post in milliseconds, so one interval of settling, not three. 20
    # creators with 5 posts each mostly stay under TikTok's 6 inits a minute. A killed
    # publisher's init still counts at TikTok, so a post hit again and again waits a window
    # each time: after 5 kills the run settles and every post must end.
    figures = await main_async(
        argparse.Namespace(
            data_dir=data_dir,
            posts=POSTS,
            creators=20,
            publishers=3,
            kill_every=1.0,
            settle=1,
            max_kills=5,
            lease=3,
            timeout=120,
            database_url=None,
            faults=False,
            deadline=20.0,
        )
    )
    assert figures["kills"] >= 1
    assert (figures["duplicates"], figures["lost"], figures["unfinished"]) == (0, 0, 0)
    assert figures["published"] + figures["failed"] == POSTS
    assert figures["failed_without_reason"] == 0
    assert figures["on_tiktok"] == figures["published"]


async def test_under_faults_every_post_ends_and_none_outlives_its_deadline(
    data_dir: Path,
) -> None:
    """5xx, timeouts, a 429 burst, expiring upload URLs, inits that act but lose their
    answer, and statuses stuck for the first seconds, with publishers being killed."""
    figures = await main_async(
        argparse.Namespace(
            posts=24,
            creators=8,
            publishers=2,
            kill_every=2.0,
            lease=3,
            timeout=300,
            database_url=None,
            faults=True,
            data_dir=data_dir,
            stuck=3,
            deadline=8.0,
        )
    )
    assert (figures["duplicates"], figures["lost"], figures["unfinished"]) == (0, 0, 0)
    assert figures["past_deadline"] == 0
    assert figures["published"] + figures["failed"] + figures["unconfirmed"] == 24
    assert figures["unconfirmed"] == 3  # exactly the posts whose status stuck, flagged
    assert figures["failed_without_reason"] == 0
    assert figures["on_tiktok"] == figures["published"]
