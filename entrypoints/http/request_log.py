"""The outermost middleware: a request id (the caller's X-Request-Id if sane, else ours)
bound to the log context with the ids in the path, echoed in the response header, and
one canonical ``request`` line per request."""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable

import structlog
from aiohttp import web

from adapters.telemetry import tiktok_calls
from entrypoints.http.v1.common import ORG
from entrypoints.log_context import REQUEST_ID_HEADER, elapsed_ms, log, request_id

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


def _outcome(status: int) -> str:
    return "ok" if status < 400 else "client_error" if status < 500 else "server_error"


@web.middleware
async def request_context(request: web.Request, handler: Handler) -> web.StreamResponse:
    rid = request_id(request.headers.get(REQUEST_ID_HEADER))
    path_ids = {k: v for k, v in request.match_info.items() if k.endswith("_id")}
    # A keep-alive connection serves its requests in one task: start from a clean context.
    structlog.contextvars.clear_contextvars()
    structlog.contextvars.bind_contextvars(request_id=rid, **path_ids)
    started, status = time.perf_counter(), 500
    with tiktok_calls.counting() as calls:
        try:
            response = await handler(request)
        except web.HTTPException as exc:  # redirects, and problems raised as such
            status = exc.status
            exc.headers[REQUEST_ID_HEADER] = rid
            raise
        else:
            status = response.status
            response.headers[REQUEST_ID_HEADER] = rid
            return response
        finally:
            log().info(
                "request",
                method=request.method,
                path=request.path,
                route=_route(request),
                status=status,
                outcome=_outcome(status),
                duration_ms=elapsed_ms(started),
                tiktok_calls=len(calls),
                organisation_id=request.get(ORG),
            )
            structlog.contextvars.clear_contextvars()


def _route(request: web.Request) -> str | None:
    resource = request.match_info.route.resource
    return resource.canonical if resource is not None else None
