"""How many TikTok calls the current request or job made, for its canonical log line.

``counting()`` opens a tally for the block; every call the instrumented client makes is
noted in every tally open in the current context (a request's and, inside it, a
use-case's). Tasks started inside the block share its tallies (asyncio copies the
context, and the tallies are the same lists)."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from contextvars import ContextVar

_open: ContextVar[tuple[list[str], ...]] = ContextVar("tiktok_call_tallies", default=())


@contextlib.contextmanager
def counting() -> Iterator[list[str]]:
    """A list that receives the name of every TikTok call made inside the block."""
    tally: list[str] = []
    token = _open.set((*_open.get(), tally))
    try:
        yield tally
    finally:
        _open.reset(token)


def note(name: str) -> None:
    for tally in _open.get():
        tally.append(name)
