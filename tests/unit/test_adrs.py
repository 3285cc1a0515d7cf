"""Every decision record ends with its status and names the checks that keep it true,
and every file it names exists (a renamed test cannot silently orphan a decision)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ADRS = sorted((ROOT / "docs" / "adr").glob("[0-9][0-9][0-9][0-9]-*.md"))
STATUS = re.compile(r"\b(Accepted|Rejected|Superseded)\b")
CHECKS = re.compile(r"kept true by|checks? that keeps?", re.IGNORECASE)
# A backticked path of the repository (a node id or an argument list may follow it).
NAMED = re.compile(r"`((?:tests|bench|docs|domain|application|adapters|entrypoints)/[^`\s:]+)")


def _text(adr: Path) -> str:
    """The record with lines joined inside backticks (a path may wrap)."""
    return re.sub(r"`[^`]*`", lambda m: re.sub(r"\s*\n\s*", "", m.group(0)), adr.read_text())


def test_there_are_decision_records() -> None:
    assert len(ADRS) >= 14


def test_each_record_has_its_own_number() -> None:
    numbers = [adr.name[:4] for adr in ADRS]
    assert sorted({n for n in numbers if numbers.count(n) > 1}) == []


@pytest.mark.parametrize("adr", ADRS, ids=lambda p: p.name)
def test_a_record_has_a_status_and_names_its_checks(adr: Path) -> None:
    text = _text(adr)
    assert STATUS.search(text.split("Status")[-1]), f"{adr.name}: no Accepted/Rejected/Superseded"
    assert CHECKS.search(text), f"{adr.name}: names no check that keeps it true"
    assert NAMED.search(text) or "pyproject.toml" in text, f"{adr.name}: no check file named"


def _exists(path: str) -> bool:
    """A file or directory, or a module's attribute (``domain/post_state.MOVES``)."""
    module = path.split(".", 1)[0] + ".py"
    return "*" in path or (ROOT / path).exists() or (ROOT / module).exists()


@pytest.mark.parametrize("adr", ADRS, ids=lambda p: p.name)
def test_every_file_a_record_names_exists(adr: Path) -> None:
    missing = [path for path in NAMED.findall(_text(adr)) if not _exists(path.rstrip(".,;)"))]
    assert missing == [], f"{adr.name} names files that do not exist: {missing}"
