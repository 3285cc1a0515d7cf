"""Time and identity: the clock and the id generator."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol


class Clock(Protocol):
    def now(self) -> datetime:
        """The current time, timezone-aware UTC."""
        ...


class IdGenerator(Protocol):
    def new_id(self) -> str:
        """A new unique, URL-safe identifier."""
        ...

    def new_token(self) -> str:
        """A new unguessable token (OAuth state, API keys)."""
        ...
