"""How every Accounts API handler answers: the envelope, errors on HTTP 200."""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from typing import Any

from aiohttp import web

from adapters.sandbox.business.core import PARAM_ERROR, BusinessError, BusinessSandbox
from adapters.sandbox.business.keys import BUSINESS, BUSINESS_WEBHOOKS
from adapters.sandbox.business.webhooks import CommentWebhooks

Handler = Callable[[web.Request, BusinessSandbox], Awaitable[web.Response]]


def api(handler: Handler) -> Callable[[web.Request], Awaitable[web.Response]]:
    async def wrapped(request: web.Request) -> web.Response:
        sandbox = request.app[BUSINESS]
        try:
            return await handler(request, sandbox)
        except BusinessError as exc:
            return sandbox.answer({}, exc.code, exc.message)

    wrapped.__name__ = handler.__name__
    return wrapped


def webhooks(request: web.Request) -> CommentWebhooks:
    return request.app[BUSINESS_WEBHOOKS]


async def body(request: web.Request) -> dict[str, Any]:
    try:
        data = json.loads(await request.text() or "{}")
    except ValueError:
        raise BusinessError(PARAM_ERROR, "The body is not valid JSON.") from None
    if not isinstance(data, dict):
        raise BusinessError(PARAM_ERROR, "The body must be a JSON object.")
    return data


def text_field(data: dict[str, Any], name: str) -> str:
    value = data.get(name)
    if not isinstance(value, str) or not value:
        raise BusinessError(PARAM_ERROR, f"{name}: required string.")
    return value
