"""Logs an operator can follow: ids bound to the structlog context of each request and
job, and one canonical line per request and per use-case run (outcome, duration, TikTok
calls made). The request id is what a user quotes from a response (X-Request-Id header,
``request_id`` in every problem body) and what finds its lines."""

from __future__ import annotations

import contextlib
import re
import time
import uuid
from collections.abc import Awaitable, Callable, Iterator
from typing import Any, Generic, ParamSpec, TypeVar

import structlog

from adapters.telemetry import tiktok_calls
from application.errors import CapReached, TikTokApiError

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


class _LoggedRun:
    """How a run ended and what it noted, for its canonical line."""

    def __init__(self) -> None:
        self.outcome = "ok"
        self.facts: dict[str, object] = {}

    def failed(self, error: BaseException | str) -> None:
        if isinstance(error, BaseException):
            self.outcome = error_code(error)
            self.facts["error"] = _short(f"{type(error).__name__}: {error}")
        else:
            self.outcome = f"error:{error}"

    def skipped(self, reason: str) -> None:
        self.outcome = "skipped"
        self.facts["reason"] = reason

    def note(self, **facts: str | int | float | bool | None) -> None:
        self.facts.update(facts)


@contextlib.contextmanager
def logged_run(use_case: str, **ids: str | None) -> Iterator[_LoggedRun]:
    """One run (``Runs`` in the application's ports): its ids bound to every line logged
    meanwhile (and unbound after: the next item's lines never carry them), the TikTok calls
    made meanwhile counted, and one canonical ``use_case`` line at its end."""
    bound = {key: value for key, value in ids.items() if value is not None}
    run, started = _LoggedRun(), time.perf_counter()
    with structlog.contextvars.bound_contextvars(**bound), tiktok_calls.counting() as calls:
        try:
            yield run
        except BaseException as exc:
            run.failed(exc)
            raise
        finally:
            log().info(
                "use_case",
                use_case=use_case,
                outcome=run.outcome,
                duration_ms=elapsed_ms(started),
                tiktok_calls=len(calls),
                **{**bound, **run.facts},
            )


def error_code(error: BaseException) -> str:
    """``error:`` and the most precise code there is: TikTok's (or a cap's) error code,
    else the exception's class name."""
    if isinstance(error, TikTokApiError):
        return f"error:{error.error.code}"
    if isinstance(error, CapReached):
        return f"error:{error.code}"
    return f"error:{type(error).__name__}"


def _short(text: str, limit: int = 300) -> str:
    return text if len(text) <= limit else f"{text[: limit - 1]}…"


class Logged(Generic[P, R]):
    """A use-case run with its ids bound to the log context and one canonical line
    (``use_case``) at its end: outcome, duration, TikTok calls made, and the post,
    channel and organisation it acted on when its arguments or result name them."""

    def __init__(self, name: str, run: Callable[P, Awaitable[R]]) -> None:
        self.name = name
        self.run = run

    async def __call__(self, *args: P.args, **kwargs: P.kwargs) -> R:
        ids = {k: v for k, v in kwargs.items() if k in CONTEXT_KEYS and isinstance(v, str)}
        with logged_run(self.name, **ids) as run:
            result = await self.run(*args, **kwargs)
            run.note(**_acted_on(result))
            return result


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
