"""One decorator for every Marketing route: limits, auth, injected faults, the envelope."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from aiohttp import web

from adapters.sandbox.marketing.core import MarketingError, MarketingSandbox, answer

PREFIX = "/open_api/v1.3"
MARKETING = web.AppKey("marketing", MarketingSandbox)
CREATES = ("/campaign/create/", "/adgroup/create/", "/ad/create/")

Handler = Callable[[web.Request, MarketingSandbox, dict[str, Any]], Awaitable[dict[str, Any]]]


def endpoint(
    routes: web.RouteTableDef, method: str, path: str, *, auth: bool = True, multipart: bool = False
) -> Callable[[Handler], Handler]:
    def wrap(fn: Handler) -> Handler:
        async def handler(request: web.Request) -> web.StreamResponse:
            m = request.app[MARKETING]
            try:
                body: dict[str, Any] = {}
                if method == "POST" and not multipart:
                    try:
                        body = await request.json()
                    except ValueError:
                        raise MarketingError(40002, "The request body is not JSON.") from None
                    if not isinstance(body, dict):
                        raise MarketingError(40002, "The request body must be a JSON object.")
                advertiser = body.get("advertiser_id") or request.query.get("advertiser_id")
                m.limit(path, str(advertiser) if advertiser else None)
                if auth and not multipart:
                    m.authorise(request, str(advertiser) if advertiser else None)
                m.injected()
                data = await fn(request, m, body)
            except MarketingError as exc:
                return answer(code=exc.code, message=exc.message)
            if path in CREATES and m.settings.faults.lose_next_create_answers > 0:
                m.settings.faults.lose_next_create_answers -= 1  # TikTok acted; no one hears
                assert request.transport is not None
                request.transport.close()
                raise web.HTTPServiceUnavailable()
            return answer(data)

        routes.route(method, PREFIX + path)(handler)
        return fn

    return wrap


def need(body: dict[str, Any], *names: str) -> None:
    missing = [n for n in names if body.get(n) in (None, "", [])]
    if missing:
        raise MarketingError(40002, f"{', '.join(missing)}: required")
