"""Markers are kept honest: a test that uses a server's fixture carries that server's
marker, so ``-m "not postgres"`` or ``-m "not s3"`` really leaves the server out."""

from __future__ import annotations

import pytest

# fixture name -> the marker every test using it must carry
NEEDS = {"pg_server": "postgres", "pg_url": "postgres", "pool": "postgres", "s3_endpoint": "s3"}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    unmarked = sorted(
        f"{item.nodeid} uses {fixture} but is not marked {marker}"
        for item in items
        for fixture, marker in NEEDS.items()
        if fixture in getattr(item, "fixturenames", ()) and item.get_closest_marker(marker) is None
    )
    if unmarked:
        raise pytest.UsageError("unmarked tests:\n" + "\n".join(unmarked))
