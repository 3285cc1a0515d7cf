"""What no request may carry anywhere, refused before any handler runs: NUL and lone
surrogates in the path, the query or a header (PostgreSQL cannot store them, UTF-8 cannot
encode them). Bodies are held to the same rule by the strict converter (schemas.py)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from aiohttp import web

from domain.text import unstorable
from entrypoints.http.problems import problem

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


@web.middleware
async def refuse_unstorable(request: web.Request, handler: Handler) -> web.StreamResponse:
    parts = [
        ("path", request.path),
        *(("query", f"{k}={v}") for k, v in request.query.items()),
        *(("header", f"{k}: {v}") for k, v in request.headers.items()),
    ]
    for where, text in parts:
        if unstorable(text):
            return problem(
                400, "invalid_characters", f"the request {where} holds NUL or a lone surrogate"
            )
    return await handler(request)
