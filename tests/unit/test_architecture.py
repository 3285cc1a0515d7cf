"""Rules import-linter cannot express: the domain and the use-cases never read a clock."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CLOCK_READS = {"now", "utcnow", "today", "time", "monotonic", "perf_counter"}
CLOCK_OWNERS = {"datetime", "date", "time"}


def clock_reads(path: Path, root: Path = ROOT) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in CLOCK_READS
            and isinstance(node.func.value, ast.Name)
            and node.func.value.id in CLOCK_OWNERS
        ):
            found.append(f"{path.relative_to(root)}:{node.lineno}")
    return found


@pytest.mark.parametrize("layer", ["domain", "application"])
def test_no_clock_reads(layer: str) -> None:
    files = sorted((ROOT / layer).rglob("*.py"))
    assert files
    assert [hit for f in files for hit in clock_reads(f)] == []


def test_the_scan_finds_a_clock_read(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text("from datetime import datetime\nx = datetime.now()\n")
    assert clock_reads(sample, tmp_path) == ["sample.py:2"]
