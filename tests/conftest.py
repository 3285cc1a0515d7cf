"""Markers are kept honest, so ``-m "not postgres"`` or ``-m "not s3"`` really leaves
the server out: every test under ``tests/integration/postgres/`` is marked ``postgres``,
and a test anywhere that uses a server's fixture without its marker stops the run.

A session guard: a test run never writes into the working tree's ./.data (the user's own
data dir); tests use temporary directories. A run that does fails."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.tempdirs import server_reachable_dir

pytest_plugins = ["tests.log_lines"]  # the ``lines`` fixture: captured log lines
HERE = Path(__file__).parent
# directory -> the marker each of its tests carries
BY_DIRECTORY = {HERE / "integration" / "postgres": "postgres"}
# fixture name -> the marker every test using it must carry
BY_FIXTURE = {
    "pg_server": "postgres",
    "pg_url": "postgres",
    "pool": "postgres",
    "s3_endpoint": "s3",
}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        for directory, marker in BY_DIRECTORY.items():
            if item.path.is_relative_to(directory):
                item.add_marker(marker)
    unmarked = sorted(
        {
            f"{item.nodeid}: uses {fixture}, mark it {marker}"
            for item in items
            for fixture, marker in BY_FIXTURE.items()
            if fixture in getattr(item, "fixturenames", ())
            and item.get_closest_marker(marker) is None
        }
    )
    if unmarked:
        raise pytest.UsageError("tests without their server's marker:\n" + "\n".join(unmarked))


DATA = Path(__file__).resolve().parents[1] / ".data"
_before: dict[str, int] = {}


def data_dir_snapshot(root: Path = DATA) -> dict[str, int]:
    """Every file under ``root`` with its modification time (empty if there is none)."""
    if not root.exists():
        return {}
    return {
        str(path.relative_to(root)): path.lstat().st_mtime_ns
        for path in root.rglob("*")
        if not path.is_dir()
    }


def written(before: dict[str, int], after: dict[str, int]) -> list[str]:
    """What was created, changed or removed between two snapshots."""
    return sorted(k for k in before.keys() | after.keys() if before.get(k) != after.get(k))


def pytest_sessionstart(session: pytest.Session) -> None:
    _before.update(data_dir_snapshot())


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    touched = written(_before, data_dir_snapshot())
    if touched:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
        reporter = session.config.pluginmanager.get_plugin("terminalreporter")
        message = f"the test run wrote into {DATA} (use a temporary directory): " + ", ".join(
            touched[:10]
        )
        if reporter is not None:
            reporter.write_line(message, red=True)


@pytest.fixture
def server_tmp() -> Iterator[Path]:
    """A temporary directory an embedded PostgreSQL (another user) can use."""
    with server_reachable_dir() as path:
        yield path
