"""A settable clock and predictable identifiers for tests and the sandbox."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta

import attrs


@attrs.define
class FakeClock:
    current: datetime = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)

    def now(self) -> datetime:
        return self.current

    def set(self, when: datetime) -> None:
        if when.tzinfo is None:
            raise ValueError("FakeClock needs a timezone-aware time")
        self.current = when

    def advance(self, by: timedelta) -> datetime:
        self.current += by
        return self.current


@attrs.define
class SequentialIds:
    """``post-1``-style ids: readable in test failures, unique within one run."""

    prefix: str = "id"
    _counter: itertools.count[int] = attrs.field(factory=lambda: itertools.count(1))

    def new_id(self) -> str:
        return f"{self.prefix}-{next(self._counter)}"

    def new_token(self) -> str:
        return f"tok-{next(self._counter):08d}"
