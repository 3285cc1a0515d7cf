"""Every HTTP error is a JSON problem body with a stable code; no traces, no secrets."""

from __future__ import annotations

import json
import math
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime

import cattrs
import structlog
from aiohttp import web

from application.errors import (
    CapReached,
    Conflict,
    InvalidOAuthState,
    MediaUnreadable,
    NotFound,
    TikTokApiError,
    Unauthenticated,
    UpstreamUnavailable,
)
from application.use_cases.run_idempotent import KeyReused, StillRunning
from domain.errors import DomainError, InvalidTransition, RulesViolated
from domain.tiktok_errors import Category
from entrypoints.http.v1.schemas import field_errors
from entrypoints.log_context import current_request_id

log = structlog.get_logger("tiktok_channel.http")
CAPPED = frozenset({Category.QUOTA_DAILY, Category.QUOTA_PENDING_SHARE, Category.RATE_LIMITED})


def _utcnow() -> datetime:
    return datetime.now(UTC)


_STATUS_CODES = {
    400: "bad_request",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    413: "body_too_large",
    415: "unsupported_media_type",
}
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


def problem(status: int, code: str, message: str, **extra: object) -> web.Response:
    body = {"code": code, "message": message, **extra, "request_id": current_request_id()}
    return web.Response(
        status=status, text=json.dumps(body), content_type="application/problem+json"
    )


@web.middleware
async def problems(request: web.Request, handler: Handler) -> web.StreamResponse:
    try:
        return await handler(request)
    except web.HTTPException as exc:
        if exc.content_type == "application/problem+json" or exc.status < 400:
            raise
        code = _STATUS_CODES.get(exc.status, f"http_{exc.status}")
        told = exc.text or ""
        return problem(
            exc.status, code, exc.reason if told.startswith(f"{exc.status}:") or not told else told
        )
    except cattrs.BaseValidationError as exc:
        return problem(
            422,
            "invalid_body",
            "the request body does not fit the schema",
            fields=field_errors(exc),
        )
    except Unauthenticated as exc:
        response = problem(401, "unauthenticated", str(exc))
        response.headers["WWW-Authenticate"] = 'Bearer realm="tiktok-channel"'
        return response
    except KeyReused as exc:
        return problem(422, "idempotency_key_reused", str(exc))
    except StillRunning as exc:
        return problem(409, "idempotency_key_in_use", str(exc))
    except MediaUnreadable as exc:
        return problem(422, "media_unreadable", str(exc))
    except NotFound as exc:
        return problem(404, "not_found", str(exc))
    except (Conflict, InvalidTransition) as exc:
        return problem(409, "conflict", str(exc))
    except RulesViolated as exc:
        return problem(
            422,
            "rules_violated",
            str(exc),
            fields=[
                {"code": v.code, "field": v.field, "message": v.message} for v in exc.violations
            ],
        )
    except InvalidOAuthState as exc:
        return problem(400, "invalid_oauth_state", str(exc))
    except CapReached as exc:
        response = problem(429, exc.code, str(exc), until=exc.until.isoformat())
        response.headers["Retry-After"] = str(max(1, int((exc.until - _utcnow()).total_seconds())))
        return response
    except TikTokApiError as exc:
        if exc.error.category in CAPPED:  # a cap or a rate window: the caller waits
            response = problem(429, f"tiktok_{exc.error.code}", exc.error.describe())
            response.headers["Retry-After"] = str(math.ceil(exc.error.retry_after_s or 60))
            return response
        return problem(502, f"tiktok_{exc.error.code}", exc.error.describe())
    except UpstreamUnavailable as exc:
        return problem(503, "upstream_unavailable", str(exc))
    except DomainError as exc:
        return problem(409, "domain_rule", str(exc))
    except Exception:  # the log has the trace; the caller gets a stable code
        log.exception("unhandled_error", path=request.path)
        return problem(500, "internal_error", "unexpected error; see the server log")
