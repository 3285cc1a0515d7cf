"""Domain error hierarchy: invalid transitions and broken business rules."""

from __future__ import annotations

from typing import TYPE_CHECKING

import attrs

if TYPE_CHECKING:
    from collections.abc import Sequence


class DomainError(Exception):
    """Base of every error the domain raises."""


class InvalidTransition(DomainError):
    """A state change the post's transition table does not allow."""

    def __init__(self, entity: str, from_state: str, to_state: str, action: str) -> None:
        self.entity = entity
        self.from_state = from_state
        self.to_state = to_state
        self.action = action
        super().__init__(
            f"cannot {action}: {entity} may not move from '{from_state}' to '{to_state}'"
        )


@attrs.frozen
class RuleViolation:
    """One broken rule, naming the field, the offending value and the limit."""

    code: str
    field: str
    message: str
    value: object = None
    limit: object = None

    def describe(self) -> str:
        return f"{self.field}: {self.message}"


class RulesViolated(DomainError):
    """One or more business rules are broken; carries every violation."""

    def __init__(self, violations: Sequence[RuleViolation]) -> None:
        if not violations:
            raise ValueError("RulesViolated needs at least one violation")
        self.violations = tuple(violations)
        super().__init__("; ".join(v.describe() for v in self.violations))


def raise_if_any(violations: Sequence[RuleViolation]) -> None:
    """Raise RulesViolated when the list is not empty."""
    if violations:
        raise RulesViolated(violations)
