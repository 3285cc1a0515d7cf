"""The guard that fails a test run which writes into ./.data notices what it must."""

from __future__ import annotations

import os
from pathlib import Path

from tests.conftest import data_dir_snapshot, written


def test_the_guard_sees_created_changed_and_removed_files(tmp_path: Path) -> None:
    (tmp_path / "keep").write_text("1")
    (tmp_path / "gone").write_text("1")
    (tmp_path / "touched").write_text("1")
    before = data_dir_snapshot(tmp_path)
    (tmp_path / "gone").unlink()
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "new").write_text("1")
    os.utime(tmp_path / "touched", ns=(1, 1))
    assert written(before, data_dir_snapshot(tmp_path)) == ["gone", "sub/new", "touched"]
    assert data_dir_snapshot(tmp_path / "absent") == {}
