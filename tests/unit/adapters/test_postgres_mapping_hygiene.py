"""The Postgres adapter maps rows by column name, both ways (issue 14): a column added,
dropped or reordered can never shift values into the wrong field."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ADAPTER = Path(__file__).resolve().parents[3] / "adapters" / "postgres"
FORBIDDEN = {
    "INSERT without a column list": re.compile(r"INSERT INTO \w+\s+(VALUES|SELECT)\b", re.I),
    "attrs.astuple": re.compile(r"\bastuple\("),
    "a record splatted into a constructor": re.compile(r"\(\*\*(row|r|record|rec)\)"),
    "SELECT *": re.compile(r"SELECT \*", re.I),
    "RETURNING *": re.compile(r"RETURNING \*", re.I),
}


@pytest.mark.parametrize("path", sorted(ADAPTER.glob("*.py")), ids=lambda p: p.name)
def test_rows_are_mapped_by_column_name(path: Path) -> None:
    text = path.read_text()
    found = [what for what, pattern in FORBIDDEN.items() if pattern.search(text)]
    assert found == [], f"{path.name}: {found}"


def test_the_check_catches_what_it_forbids() -> None:
    samples = [
        "INSERT INTO account_snapshots VALUES ($1)",
        "attrs.astuple(key)",
        "ApiKey(**row)",
        "SELECT * FROM api_keys",
        "DELETE FROM x RETURNING *",
    ]
    for sample, pattern in zip(samples, FORBIDDEN.values(), strict=True):
        assert pattern.search(sample), sample
