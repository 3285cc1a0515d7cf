"""Markers are kept honest, so ``-m "not postgres"`` or ``-m "not s3"`` really leaves
the server out: every test under ``tests/integration/postgres/`` is marked ``postgres``,
and a test anywhere that uses a server's fixture without its marker stops the run."""

from __future__ import annotations

from pathlib import Path

import pytest

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
