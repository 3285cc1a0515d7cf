"""Runs: what a pass (the tracker, token upkeep, a round, ...) does for each item is one
run, observed from outside: its ids, how it ended, what it cost. The pass names the run
and its ids and says how it ended; the observer (the entrypoints' log context) binds the
ids to everything logged meanwhile and writes one canonical line when the run ends."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Protocol


class Run(Protocol):
    """One run under way. It ends ``ok`` unless told otherwise (or an exception leaves
    its block: then it ended in that error)."""

    def failed(self, error: BaseException | str) -> None:
        """It ended in this error (caught by the pass, which goes on)."""
        ...

    def skipped(self, reason: str) -> None:
        """There was nothing to do (still fresh, changed meanwhile, ...)."""
        ...

    def note(self, **facts: str | int | float | bool | None) -> None:
        """Facts about the run for its line (a post's new status, rows synced, ...)."""
        ...


class Runs(Protocol):
    def __call__(self, use_case: str, **ids: str | None) -> contextlib.AbstractContextManager[Run]:
        """A run of ``use_case`` over the items named by ``ids`` (None: not known)."""
        ...


class _Unobserved:
    def failed(self, error: BaseException | str) -> None:
        return None

    def skipped(self, reason: str) -> None:
        return None

    def note(self, **facts: str | int | float | bool | None) -> None:
        return None


@contextlib.contextmanager
def unobserved(use_case: str, **ids: str | None) -> Iterator[Run]:
    """Runs nobody watches: the default of every pass (tests, the demo)."""
    yield _Unobserved()
