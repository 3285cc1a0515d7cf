"""Real answers checked against the OpenAPI document generated from the response classes
(issue 14): every e2e test that drives the API through ``Api.call`` has each answer it
got validated when it closes, so the document cannot drift from what the API sends."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from typing import Any

import jsonschema

from entrypoints.http.openapi import build_spec

Answer = tuple[str, str, int, Any]  # method, path, status, body


@functools.cache
def spec() -> dict[str, Any]:
    return build_spec()


@functools.cache
def _templates() -> list[tuple[re.Pattern[str], str]]:
    """Literal paths before templated ones (``/v1/channels/exchange`` is not a channel)."""
    paths = sorted(spec()["paths"], key=lambda p: (p.count("{"), p))
    return [(re.compile("^" + re.sub(r"\{\w+\}", "[^/]+", p) + "$"), p) for p in paths]


def operation(method: str, path: str) -> dict[str, Any] | None:
    for pattern, template in _templates():
        ops = spec()["paths"][template]
        if pattern.match(path) and method.lower() in ops:
            found: dict[str, Any] = ops[method.lower()]
            return found
    return None


def schema_for(method: str, path: str, status: int) -> Any:
    """The documented schema of this answer; None for an error status the document does
    not list (405, 413, 429: the server's own limits)."""
    op = operation(method, path)
    if op is None:
        assert status in (404, 405), f"{method} {path} ({status}) is not in the document"
        return None
    answer = op["responses"].get(str(status))
    if answer is None:
        assert status >= 400, f"{method} {path} answered {status}, not in the document"
        return None
    return next(iter(answer["content"].values()))["schema"]


def check_answers(answers: Iterable[Answer]) -> set[str]:
    """Validate every answer; returns the operations ("GET /v1/...") whose success
    answers were checked."""
    components = spec()["components"]
    checked: set[str] = set()
    for method, path, status, body in answers:
        schema = schema_for(method, path, status)
        if schema is None:
            continue
        try:
            jsonschema.validate(body, {**schema, "components": components})
        except jsonschema.ValidationError as exc:
            raise AssertionError(
                f"{method} {path} ({status}): {exc.message} at {list(exc.absolute_path)}"
            ) from None
        op = operation(method, path)
        if op is not None and status < 400:
            checked.add(op["operationId"])
    return checked
