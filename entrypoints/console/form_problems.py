"""A form's bad input, told next to its fields: the same checks as the API (the /v1 schema
classes and the domain's rules), their messages placed under the field they name."""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable, Iterable, Mapping
from typing import Any, TypeVar

import cattrs

from application.errors import Conflict, TikTokApiError
from domain.errors import RulesViolated
from entrypoints.http.problems import CAPPED
from entrypoints.http.v1.schemas import field_errors

T = TypeVar("T")
LEVELS = ("campaign.", "adgroup.", "ad.", "body.")
NAMED = re.compile(r"of '(\w+)'")


class FormProblems(Exception):
    """Messages by form field; ``general`` holds those no field of the form matches."""

    def __init__(
        self, fields: Mapping[str, list[str]], general: list[str], status: int = 422
    ) -> None:
        self.fields = dict(fields)
        self.general = list(general)
        self.status = status
        super().__init__("; ".join([*general, *(m for ms in fields.values() for m in ms)]))

    def __bool__(self) -> bool:
        return bool(self.fields or self.general)


def no_problems() -> FormProblems:
    return FormProblems({}, [])


def _field(raw: str, known: Iterable[str]) -> str | None:
    """``campaign.budget.amount`` -> ``budget_amount`` if the form has it, else the
    nearest field the form has (``budget_amount`` for ``budget``, ``budget`` for
    ``budget_amount``)."""
    name = raw
    for level in LEVELS:
        if name.startswith(level):
            name = name[len(level) :]
    key = name.replace(".", "_")
    fields = list(known)
    if key in fields:
        return key
    around = [f for f in fields if f.startswith(key) or key.startswith(f)]
    return around[0] if around else None


def problems_of(failure: Exception, known: Iterable[str]) -> FormProblems:
    """The failure's messages by field (a RulesViolated or a schema's validation error)."""
    fields: dict[str, list[str]] = {}
    general: list[str] = []
    known = list(known)

    def place(raw_field: str, message: str) -> None:
        found = _field(raw_field, known)
        (fields.setdefault(found, []) if found else general).append(message)

    if isinstance(failure, RulesViolated):
        for v in failure.violations:
            place(v.field, v.message)
    elif isinstance(failure, cattrs.BaseValidationError):
        for told in field_errors(failure):
            message, _, where = told.rpartition(" @ ")
            named = NAMED.search(message)  # a bound on the class: "Length of 'name' ..."
            if where == "body" and named and named.group(1) in known:
                where = named.group(1)
            place(where, message or told)
    else:
        raise TypeError(f"not an input problem: {failure!r}")
    return FormProblems(fields, general)


async def checked(run: Callable[[], Awaitable[T]], known: Iterable[str]) -> T:
    """``await run()``; bad input comes out as FormProblems for the form to show, and so
    do a conflict with the current state (409) and TikTok's refusal (502): the page comes
    back with what was typed. Everything else (not found, ...) goes to the error page."""
    try:
        return await run()
    except (RulesViolated, cattrs.BaseValidationError) as failure:
        raise problems_of(failure, known) from None
    except Conflict as failure:
        raise FormProblems({}, [str(failure)], 409) from None
    except TikTokApiError as failure:
        if failure.error.category in CAPPED:
            raise
        raise FormProblems({}, [f"TikTok refused it: {failure.error.describe()}"], 502) from None


def form_values(form: Mapping[str, Any]) -> dict[str, str]:
    """What the person typed (text fields only: never files, never the CSRF token), to
    put back in the form."""
    return {
        k: v for k, v in form.items() if isinstance(v, str) and k != "csrf_token" and len(v) < 5000
    }


def form(
    form_id: str, values: Mapping[str, str] | None = None, problems: FormProblems | None = None
) -> dict[str, Any]:
    """A form's state for the page: its id (the prefix of its fields' ids), what was typed
    and what was wrong with it."""
    return {"id": form_id, "values": dict(values or {}), "problems": problems or no_problems()}
