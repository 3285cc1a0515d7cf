"""Error rendering and fault injection, around every route."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

from aiohttp import web

from adapters.sandbox.keys import SANDBOX
from adapters.sandbox.responses import ApiError, OAuthError, error_response, oauth_error_response

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


def _faultable(path: str) -> bool:
    return (path.startswith("/v2/") and not path.startswith("/v2/auth/")) or path.startswith(
        "/upload"
    )


@web.middleware
async def errors(request: web.Request, handler: Handler) -> web.StreamResponse:
    sandbox = request.app[SANDBOX]
    try:
        return await handler(request)
    except ApiError as exc:
        return error_response(exc, sandbox.now())
    except OAuthError as exc:
        return oauth_error_response(exc, sandbox.now(), sandbox.settings.oauth_error_status)


@web.middleware
async def faults(request: web.Request, handler: Handler) -> web.StreamResponse:
    sandbox = request.app[SANDBOX]
    settings = sandbox.settings.faults
    if not _faultable(request.path):
        return await handler(request)
    if settings.latency_ms:
        await asyncio.sleep(settings.latency_ms / 1000)
    upload = request.path.startswith("/upload")
    oauth = request.path.startswith("/v2/oauth/")
    if settings.burst_429 > 0 and not upload and not oauth:
        settings.burst_429 -= 1
        raise ApiError(429, "rate_limit_exceeded", "Rate limit exceeded (injected burst).")
    if upload and settings.fail_next_uploads > 0:
        settings.fail_next_uploads -= 1
        return web.Response(status=503, text="service unavailable (injected)")
    if settings.timeout_rate and sandbox.dice.random() < settings.timeout_rate:
        await asyncio.sleep(settings.hang_seconds)  # the caller's timeout fires first
        return web.Response(status=504, text="gateway timeout (injected)")
    if settings.error_rate and sandbox.dice.random() < settings.error_rate:
        if upload:
            return web.Response(status=503, text="service unavailable (injected)")
        if oauth:
            raise OAuthError("server_error", "Internal error (injected).")
        raise ApiError(500, "internal_error", "Internal error (injected).")
    if request.path.endswith("/init/") and settings.lose_next_init_answers > 0:
        answer = await handler(request)
        if answer.status == 200:  # TikTok acted; the caller never hears of it
            settings.lose_next_init_answers -= 1
            assert request.transport is not None
            request.transport.close()
            raise web.HTTPServiceUnavailable()
        return answer
    return await handler(request)
