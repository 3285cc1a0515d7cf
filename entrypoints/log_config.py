"""structlog, configured once: JSON off a terminal, readable on one, secrets redacted."""

from __future__ import annotations

import logging
import re
import sys
from collections.abc import MutableMapping
from typing import Any

from entrypoints.lean_imports import console_extras_unused, optional_integrations_hidden

with optional_integrations_hidden(console_extras_unused()):  # JSON off a terminal: no rich
    import structlog

SENSITIVE_KEY = re.compile(
    r"(token|secret|password|passwd|authorization|cookie|code_verifier|api_key|signature"
    r"|client_key_secret|^code$)",
    re.IGNORECASE,
)
# Bearer credentials and TikTok token shapes inside free text.
SENSITIVE_TEXT = re.compile(
    r"(Bearer\s+)[A-Za-z0-9._~+/=-]+|\b(act|rft|clt)\.[A-Za-z0-9._~-]{6,}", re.IGNORECASE
)
REDACTED = "***"

_configured = False


def redact_value(value: Any) -> Any:
    if isinstance(value, str):
        return SENSITIVE_TEXT.sub(
            lambda m: f"{m.group(1)}{REDACTED}" if m.group(1) else REDACTED, value
        )
    if isinstance(value, dict):
        return {
            k: REDACTED if SENSITIVE_KEY.search(str(k)) else redact_value(v)
            for k, v in value.items()
        }
    if isinstance(value, list | tuple):
        return type(value)(redact_value(v) for v in value)
    return value


def redact_secrets(
    _logger: Any, _method: str, event_dict: MutableMapping[str, Any]
) -> MutableMapping[str, Any]:
    """A structlog processor: sensitive keys masked, token-shaped text scrubbed."""
    for key in list(event_dict):
        if key != "event" and SENSITIVE_KEY.search(key):
            event_dict[key] = REDACTED
        else:
            event_dict[key] = redact_value(event_dict[key])
    return event_dict


def configure_logging(level: str = "INFO", *, json: bool | None = None) -> None:
    """Idempotent: the first call wins, later calls only change nothing."""
    global _configured
    if _configured:
        return
    as_json = (not sys.stderr.isatty()) if json is None else json
    renderer: Any = (
        structlog.processors.JSONRenderer()
        if as_json
        else structlog.dev.ConsoleRenderer(colors=False)
    )
    structlog.configure(
        processors=[
            structlog.contextvars.merge_contextvars,
            structlog.processors.add_log_level,
            structlog.processors.TimeStamper(fmt="iso", utc=True),
            structlog.processors.format_exc_info,
            redact_secrets,
            renderer,
        ],
        wrapper_class=structlog.make_filtering_bound_logger(logging.getLevelName(level.upper())),
        logger_factory=structlog.PrintLoggerFactory(file=sys.stderr),
        # Not cached: a module's logger then follows a later configuration too (one process
        # may run the demo and then code whose logs are captured, as the tests do).
        cache_logger_on_first_use=False,
    )
    _configured = True
