"""Temporary directories an embedded PostgreSQL can use: the server runs as its own user,
which cannot enter pytest's owner-only tmp tree, so these live directly in the system's
temporary directory, traversable (0711), and are removed afterwards. Never ./.data."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def server_reachable_dir(prefix: str = "tiktok-channel-test-") -> Iterator[Path]:
    path = Path(tempfile.mkdtemp(prefix=prefix))
    path.chmod(0o711)
    try:
        yield path
    finally:
        shutil.rmtree(path, ignore_errors=True)
