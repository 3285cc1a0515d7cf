"""The workers' loop: a failing pass never ends it; it backs off (jittered, capped) and
resumes; only a stop request ends it."""

from __future__ import annotations

import asyncio

import pytest

from application.errors import DatabaseUnavailable
from entrypoints import workers
from entrypoints.cli.main import WORKER_NAMES


async def test_a_loop_survives_failing_passes_and_resumes() -> None:
    stop = asyncio.Event()
    calls: list[str] = []

    async def step() -> float:
        calls.append("pass")
        if len(calls) <= 2:
            raise DatabaseUnavailable("cannot reach the database: refused")
        if len(calls) == 3:
            raise KeyError("a bug in one pass")
        if len(calls) == 5:
            stop.set()
        return 0.0

    await asyncio.wait_for(workers.supervise("test", stop, step), timeout=10)
    assert len(calls) == 5  # failed, failed, failed, resumed, resumed (then stopped)


async def test_a_stop_request_ends_the_backoff_at_once() -> None:
    stop = asyncio.Event()

    async def step() -> float:
        raise DatabaseUnavailable("down")

    task = asyncio.create_task(workers.supervise("test", stop, step))
    await asyncio.sleep(1.0)  # in its second or third backoff (up to 2 s)
    loop = asyncio.get_running_loop()
    asked = loop.time()
    stop.set()
    await asyncio.wait_for(task, timeout=2)
    assert loop.time() - asked < 0.2


def test_backoff_doubles_with_jitter_up_to_its_cap() -> None:
    for failures in range(1, 40):
        ceiling = min(workers.BACKOFF_CAP_S, workers.BACKOFF_BASE_S * 2 ** (failures - 1))
        delays = [workers.backoff_s(failures) for _ in range(20)]
        assert all(ceiling / 2 <= d <= ceiling for d in delays)
    assert max(workers.backoff_s(50) for _ in range(50)) <= workers.BACKOFF_CAP_S
    assert len({workers.backoff_s(3) for _ in range(10)}) > 1  # jittered


class _LostDatabase:
    """A unit of work whose database is gone."""

    async def __aenter__(self) -> None:
        raise DatabaseUnavailable("cannot reach the database: refused")

    async def __aexit__(self, *exc: object) -> None:
        return None


@pytest.mark.parametrize("name", sorted(workers.LOOPS))
async def test_every_loop_outlives_a_lost_database(name: str) -> None:
    """Each worker kind (a new one too) keeps running while its database is gone, and
    ends only when asked to stop."""
    from dependency_injector import providers

    from entrypoints.container import build_container, open_resources

    async with open_resources(build_container(clock="fake")) as c:
        c.uow.override(providers.Object(lambda: _LostDatabase()))
        c.uow_backend.override(providers.Object(lambda: _LostDatabase()))
        stop = asyncio.Event()
        task = asyncio.create_task(workers.LOOPS[name](c, stop))
        await asyncio.sleep(1.0)
        assert not task.done(), task.exception() if task.done() else None
        stop.set()
        await asyncio.wait_for(task, timeout=10)  # ends at the stop request, without raising


def test_every_worker_kind_has_a_loop_and_all_includes_housekeeping() -> None:
    assert set(WORKER_NAMES) == set(workers.LOOPS)
    assert "housekeeping" in WORKER_NAMES


def test_a_worker_started_before_its_database_waits_for_it_until_sigterm(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Refused connections at start are waited out (not an exit); SIGTERM ends it cleanly."""
    import os
    import signal
    import subprocess
    import sys
    import time

    env = dict(
        os.environ,
        DATABASE_URL="postgresql://app:hunter2@127.0.0.1:1/tiktok",  # nothing listens there
        TIKTOK_CHANNEL_DATA_DIR=str(tmp_path),
    )
    env.pop("TEST_DATABASE_URL", None)
    log = tmp_path / "worker.log"
    with log.open("w") as sink:
        process = subprocess.Popen(
            [sys.executable, "-m", "entrypoints.cli.main", "worker", "tokens"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=sink,
        )
        try:
            deadline = time.monotonic() + 60  # imports are slow on a busy machine
            while "worker_waiting" not in log.read_text() and time.monotonic() < deadline:
                assert process.poll() is None, log.read_text()
                time.sleep(0.2)
            time.sleep(1.5)  # a second attempt, still refused: still running
            assert process.poll() is None, log.read_text()
            process.send_signal(signal.SIGTERM)
            process.wait(timeout=20)
        finally:
            if process.poll() is None:
                process.kill()
    err = log.read_text()
    assert process.returncode == 0, err
    assert "worker_waiting" in err and "127.0.0.1:1" in err and "hunter2" not in err
