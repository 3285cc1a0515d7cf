"""The console's middleware: security headers on every answer, a CSRF check on every
form, and errors as readable pages (the API's problem mapping, shown as HTML)."""

from __future__ import annotations

import hmac
import json
from collections.abc import Awaitable, Callable, Iterable

from aiohttp import web
from aiohttp.typedefs import Middleware
from aiohttp_session import get_session

from domain.return_url import origin_of
from entrypoints.console.pages import render
from entrypoints.console.session import csrf_token
from entrypoints.http.problems import problems

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
PREFIX = "/console"
UNSAFE = frozenset({"POST", "PUT", "PATCH", "DELETE"})
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "X-CSRF-Token"


def content_security_policy(form_targets: Iterable[str]) -> str:
    """Scripts and styles from our own files only (no inline script), pictures from TikTok's
    CDN, forms to us and to TikTok's consent pages (a form's redirect counts), no framing."""
    targets = " ".join(sorted({o for o in (origin_of(t) for t in form_targets) if o}))
    return "; ".join(
        [
            "default-src 'none'",
            "script-src 'self'",
            "style-src 'self'",
            "img-src 'self' data: https:",
            "media-src 'self' blob: https:",  # previews through S3's signed https links
            "connect-src 'self'",
            "font-src 'self'",
            f"form-action 'self' {targets}".strip(),
            "frame-ancestors 'none'",
            "base-uri 'none'",
        ]
    )


def _secure_headers(response: web.StreamResponse, policy: str) -> None:
    response.headers["Content-Security-Policy"] = policy
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "same-origin"
    response.headers["X-Frame-Options"] = "DENY"
    response.headers.setdefault("Cache-Control", "no-store")


async def _csrf_ok(request: web.Request) -> bool:
    session = await get_session(request)
    expected = session.get("csrf")
    if not isinstance(expected, str) or not expected:
        return False
    presented = request.headers.get(CSRF_HEADER)
    if presented is None and request.content_type in (
        "application/x-www-form-urlencoded",
        "multipart/form-data",
    ):
        form = await request.post()  # cached: the handler reads the same form
        value = form.get(CSRF_FIELD)
        presented = value if isinstance(value, str) else None
    return presented is not None and hmac.compare_digest(presented, expected)


async def _as_page(request: web.Request, failure: BaseException) -> web.Response:
    """The problem the API would answer for this failure, as a page."""

    async def fail(_: web.Request) -> web.StreamResponse:
        raise failure

    answered = await problems(request, fail)
    assert isinstance(answered, web.Response)
    told = json.loads(answered.text or "{}")
    page = await render(
        request,
        "error.html",
        {
            "status": answered.status,
            "code": told.get("code", "error"),
            "message": told.get("message", ""),
            "fields": told.get("fields", []),
            "request_id": told.get("request_id"),
        },
        status=answered.status,
    )
    if "Retry-After" in answered.headers:
        page.headers["Retry-After"] = answered.headers["Retry-After"]
    return page


def console_guard(policy: str) -> Middleware:
    @web.middleware
    async def guard(request: web.Request, handler: Handler) -> web.StreamResponse:
        if not request.path.startswith(PREFIX):
            return await handler(request)
        try:
            if request.method in UNSAFE and not await _csrf_ok(request):
                response: web.StreamResponse = await render(
                    request,
                    "error.html",
                    {
                        "status": 403,
                        "code": "csrf_token_invalid",
                        "message": "This form was not sent from a current console page "
                        "(its security token is missing or old). Go back, reload the page "
                        "and try again; nothing was changed.",
                        "fields": [],
                        "request_id": None,
                    },
                    status=403,
                )
            else:
                response = await handler(request)
        except web.HTTPException as exc:
            if exc.status < 400:
                _secure_headers(exc, policy)
                raise
            response = await _as_page(request, exc)
        except Exception as exc:
            response = await _as_page(request, exc)
        _secure_headers(response, policy)
        return response

    return guard


async def csrf_for(request: web.Request) -> str:
    return csrf_token(await get_session(request))
