"""Start-up cost as a ratio to a bare interpreter start (``python -c pass``).

Measured in one run, alternating, each figure the median of ``--runs`` process starts:

- ``help``: ``tiktok-channel --help`` to its exit;
- ``container``: importing the worker loops and building the runtime container with
  media checks and S3 off, plus asyncpg (what a worker does before any I/O);
- ``worker``: ``tiktok-channel worker publisher`` from spawn to its ``workers_started``
  log line (its database pool open and migrations checked), with a PostgreSQL given by
  ``--database-url`` (or TEST_DATABASE_URL); skipped without one;
- ``floor``: what no worker can start without, alone: importing asyncio, asyncpg, attrs,
  cattrs, click, structlog, dependency-injector and cryptography's AES-GCM, and one
  asyncpg connection asked ``SELECT 1`` (``worker_over_floor`` is the worker's start over
  it: what the project's own code and its pool add).

    .venv/bin/python bench/startup.py [--runs 15] [--database-url postgresql://...]

Target (issue 14): ``help`` and ``worker`` within 4x a bare interpreter start when
media and S3 are not configured. The last line is one JSON object.

Byte-code is cached (in a temporary ``PYTHONPYCACHEPREFIX``, warmed by one untimed run of
each figure), as an installed package has its ``.pyc`` files: with
``PYTHONDONTWRITEBYTECODE`` set, as in some development shells, every start would compile
the project's modules from source and the figures would measure the compiler.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench._common import ROOT, uptime

BENCH_DATABASE = "tiktok_channel_bench_startup"
CLI = (sys.executable, "-m", "entrypoints.cli.main")
CONTAINER = (  # in the worker command's order: log_config (structlog) first
    "import entrypoints.log_config\n"
    "import entrypoints.workers\n"
    "from entrypoints.container import build_container\n"
    "c = build_container(backend='postgres', tiktok='http', storage='local', probe='pyav')\n"
    "import asyncpg  # what its resources start with (aiohttp: at the first request)\n"
)


PYCACHE = tempfile.mkdtemp(prefix="bench-startup-pyc-")


def _env(extra: dict[str, str] | None = None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    return {**env, "PYTHONPATH": str(ROOT), "PYTHONPYCACHEPREFIX": PYCACHE, **(extra or {})}


# The floor under a worker's start: the packages the design card names that a worker
# cannot start without, imported, and one connection to its database asked SELECT 1.
FLOOR = (
    "import asyncio, attrs, cattrs, click, structlog, dependency_injector, asyncpg\n"
    "from cryptography.hazmat.primitives.ciphers.aead import AESGCM\n"
    "import os, sys\n"
    "async def main():\n"
    "    connection = await asyncpg.connect(os.environ['DATABASE_URL'])\n"
    "    await connection.fetchval('SELECT 1')\n"
    "    await connection.close()\n"
    "asyncio.run(main())\n"
)


def _timed_run(args: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    subprocess.run(args, env=env, cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - started


def _worker_start(env: dict[str, str]) -> float:
    """Spawn to the ``workers_started`` line, then SIGTERM."""
    started = time.perf_counter()
    process = subprocess.Popen(
        [*CLI, "--log-level", "INFO", "worker", "publisher", "--worker-id", "bench-startup"],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stderr is not None
    try:
        for line in process.stderr:
            if "workers_started" in line:
                return time.perf_counter() - started
        raise RuntimeError(f"the worker exited without starting (status {process.wait()})")
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=30)


def _with_database(url: str, name: str) -> str:
    return urlunsplit(urlsplit(url)._replace(path=f"/{name}"))


async def _database(admin_url: str, create: bool) -> None:
    from adapters.postgres.database import drop_database, ensure_database

    if create:
        await ensure_database(admin_url, BENCH_DATABASE)
    else:
        await drop_database(admin_url, BENCH_DATABASE)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--database-url", default=os.environ.get("TEST_DATABASE_URL"))
    args = parser.parse_args()
    python = sys.executable
    data = tempfile.mkdtemp(prefix="bench-startup-")
    env = _env({"TIKTOK_CHANNEL_DATA_DIR": data})
    measures: dict[str, Callable[[], float]] = {
        "bare": lambda: _timed_run([python, "-c", "pass"], env),
        "help": lambda: _timed_run([*CLI, "--help"], env),
        "container": lambda: _timed_run([python, "-c", CONTAINER], env),
    }
    if args.database_url:
        asyncio.run(_database(args.database_url, create=True))
        worker_env = _env(
            {
                "TIKTOK_CHANNEL_DATA_DIR": data,
                "DATABASE_URL": _with_database(args.database_url, BENCH_DATABASE),
                "TIKTOK_CHANNEL_STORAGE": "local",
            }
        )
        _worker_start(worker_env)  # the first start migrates the bench database
        measures["worker"] = lambda: _worker_start(worker_env)
        measures["floor"] = lambda: _timed_run([python, "-c", FLOOR], worker_env)
    samples: dict[str, list[float]] = {name: [] for name in measures}
    try:
        for measure in measures.values():
            measure()  # untimed: fills the byte-code cache
        for _ in range(args.runs):  # alternating, so load changes hit every figure alike
            for name, measure in measures.items():
                samples[name].append(measure())
    finally:
        if args.database_url:
            asyncio.run(_database(args.database_url, create=False))
        shutil.rmtree(PYCACHE, ignore_errors=True)
    median = {name: statistics.median(values) for name, values in samples.items()}
    figures: dict[str, object] = {
        "runs": args.runs,
        "uptime_load": uptime(),
        "bare_ms": round(median["bare"] * 1000, 1),
    }
    for name in measures:
        if name != "bare":
            figures[f"{name}_ms"] = round(median[name] * 1000, 1)
            figures[f"{name}_ratio"] = round(median[name] / median["bare"], 2)
    if "floor" in measures:
        figures["worker_over_floor"] = round(median["worker"] / median["floor"], 2)
    for name in ("help", "container", "worker", "floor"):
        if name in measures:
            print(f"{name:>9}: {figures[f'{name}_ratio']}x a bare start", file=sys.stderr)
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
