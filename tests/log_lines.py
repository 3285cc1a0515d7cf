"""Log lines captured as the real configuration emits them (the bound context merged in):
the ``lines`` fixture, registered for every test in tests/conftest.py."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import structlog
from structlog.testing import LogCapture

LogLines = list[dict[str, Any]]


@pytest.fixture
def lines() -> Iterator[LogLines]:
    """Every log line with the bound context merged in, as the real configuration does."""
    capture, before = LogCapture(), structlog.get_config()
    structlog.reset_defaults()  # whatever an earlier test configured (the demo: WARNING)
    structlog.contextvars.clear_contextvars()
    structlog.configure(
        processors=[structlog.contextvars.merge_contextvars, capture],
        cache_logger_on_first_use=False,
    )
    try:
        yield capture.entries
    finally:
        structlog.configure(**before)
