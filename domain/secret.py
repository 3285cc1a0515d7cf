"""A string that never shows itself in a repr, a str() or a log line."""

from __future__ import annotations

import attrs


@attrs.frozen(repr=False)
class Secret:
    """Wraps a credential. Use ``reveal()`` at the one place it must leave the process."""

    _value: str = attrs.field(alias="value")

    def reveal(self) -> str:
        return self._value

    def __repr__(self) -> str:
        return "Secret('***')"

    __str__ = __repr__

    def __bool__(self) -> bool:
        return bool(self._value)
