"""Logs an operator can follow: ids bound to the structlog context of each request and
job, and one canonical line per request and per use-case run (outcome, duration, TikTok
calls made). The request id is what a user quotes from a response (X-Request-Id header,
``request_id`` in every problem body) and what finds its lines."""

from __future__ import annotations

import re
import time
import uuid
from collections.abc import Awaitable, Callable
from typing import Any, Generic, ParamSpec, TypeVar

import structlog

from adapters.telemetry import tiktok_calls

P = ParamSpec("P")
R = TypeVar("R")

REQUEST_ID_HEADER = "X-Request-Id"
# A caller's own id is kept if it is a plain token (a UUID, a trace id, ...); anything
# else (empty, too long, spaces, quotes, control characters) gets one of ours.
_ACCEPTED = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:-]{7,127}")
# What a run's arguments or result may say about what it acted on.
CONTEXT_KEYS = ("organisation_id", "channel_id", "post_id")


def request_id(given: str | None) -> str:
    """The caller's X-Request-Id when it is a sane token, else a new random one."""
    if given is not None and _ACCEPTED.fullmatch(given):
        return given
    return uuid.uuid4().hex


def current_request_id() -> str | None:
    value = structlog.contextvars.get_contextvars().get("request_id")
    return value if isinstance(value, str) else None


def log() -> Any:
    """The logger, looked up when used (a reconfiguration, as in tests, takes effect)."""
    return structlog.get_logger("tiktok_channel")


def elapsed_ms(started: float) -> float:
    return round((time.perf_counter() - started) * 1000, 1)


class Logged(Generic[P, R]):
    """A use-case run with its ids bound to the log context and one canonical line
    (``use_case``) at its end: outcome, duration, TikTok calls made, and the post,
    channel and organisation it acted on when its arguments or result name them."""

    def __init__(self, name: str, run: Callable[P, Awaitable[R]]) -> None:
        self.name = name
        self.run = run

    async def __call__(self, *args: P.args, **kwargs: P.kwargs) -> R:
        ids = {k: v for k, v in kwargs.items() if k in CONTEXT_KEYS and isinstance(v, str)}
        started, outcome = time.perf_counter(), "ok"
        acted_on: dict[str, str] = {}
        with structlog.contextvars.bound_contextvars(**ids), tiktok_calls.counting() as calls:
            try:
                result = await self.run(*args, **kwargs)
                acted_on = _acted_on(result)
                return result
            except Exception as exc:
                outcome = f"error:{type(exc).__name__}"
                raise
            finally:
                log().info(
                    "use_case",
                    use_case=self.name,
                    outcome=outcome,
                    duration_ms=elapsed_ms(started),
                    tiktok_calls=len(calls),
                    **acted_on,
                )


def _acted_on(result: object) -> dict[str, str]:
    """The post (id, status, channel, organisation) a run returned, if it returned one."""
    names = {"post_id": "id", "channel_id": "channel_id", "organisation_id": "organisation_id"}
    found = {key: getattr(result, attr, None) for key, attr in names.items()}
    if not isinstance(found["post_id"], str) or not hasattr(result, "status"):
        return {}
    status = getattr(result, "status", None)
    return {
        **{k: v for k, v in found.items() if isinstance(v, str)},
        "post_status": str(getattr(status, "value", status)),
    }
