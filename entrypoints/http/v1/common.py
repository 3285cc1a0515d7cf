"""What every /v1 handler shares: the caller's organisation, strict bodies, JSON answers,
and Idempotency-Key handling."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

import attrs
import structlog
from aiohttp import web

from application.errors import Unauthenticated
from entrypoints.http.keys import CONTAINER
from entrypoints.http.v1.schemas import structure
from entrypoints.views import plain

T = TypeVar("T")
ORG: web.RequestKey[str] = web.RequestKey("organisation_id")
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


def credential(request: web.Request) -> str:
    header = request.headers.get("Authorization", "")
    scheme, _, value = header.partition(" ")
    if scheme.lower() == "bearer" and value.strip():
        return value.strip()
    if request.headers.get("X-API-Key"):
        return request.headers["X-API-Key"].strip()
    raise Unauthenticated("send an API key as 'Authorization: Bearer tck_...'")


@web.middleware
async def authenticate(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Every /v1 request carries an organisation's API key; nothing else does."""
    if request.path.startswith("/v1/"):
        request[ORG] = await request.app[CONTAINER].authenticate_api_key()(credential(request))
        structlog.contextvars.bind_contextvars(organisation_id=request[ORG])
    return await handler(request)


def org(request: web.Request) -> str:
    return request[ORG]


async def body(request: web.Request, cls: type[T]) -> T:
    """The request's JSON body as ``cls``: a body must be ``application/json`` (415
    otherwise), valid JSON (400) and fit the schema (422 naming every bad field)."""
    raw = await request.read()
    if raw and request.content_type != "application/json":
        raise web.HTTPUnsupportedMediaType(reason="send the body as application/json")
    try:
        data = json.loads(raw or b"{}")
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise web.HTTPBadRequest(reason=f"the body is not valid JSON: {exc}") from None
    except RecursionError:
        raise web.HTTPBadRequest(reason="the body is nested too deeply") from None
    return structure(data, cls)


def answer(data: Any, status: int = 200) -> web.Response:
    """A JSON answer: a response class (``responses``, ``*_responses``; the route table
    names the same class, so the OpenAPI document describes exactly this) or plain data."""
    return web.json_response(plain(data) if attrs.has(type(data)) else data, status=status)


def query_int(request: web.Request, name: str, default: int, low: int, high: int) -> int:
    raw = request.query.get(name)
    if raw is None:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise web.HTTPBadRequest(reason=f"{name} must be an integer") from None
    if not low <= value <= high:
        raise web.HTTPBadRequest(reason=f"{name} must be between {low} and {high}")
    return value


async def idempotent(
    request: web.Request, run: Callable[[], Awaitable[web.Response]]
) -> web.StreamResponse:
    """With an Idempotency-Key header, a repeat gets the first answer (marked as a replay);
    the same key with a different request is refused."""
    key = request.headers.get("Idempotency-Key")
    if key is None:
        return await run()
    if not 1 <= len(key) <= 200 or not all(" " <= ch <= "~" for ch in key):
        raise web.HTTPBadRequest(
            reason="Idempotency-Key must be 1 to 200 printable ASCII characters"
        )
    raw = await request.read()
    fingerprint = hashlib.sha256(f"{request.method} {request.path}\n".encode() + raw).hexdigest()

    async def operation() -> tuple[int, str]:
        response = await run()
        return response.status, response.text or ""

    (status, text), replayed = await request.app[CONTAINER].run_idempotent()(
        organisation_id=org(request), key=key, fingerprint=fingerprint, operation=operation
    )
    response = web.Response(status=status, text=text, content_type="application/json")
    if replayed:
        response.headers["Idempotent-Replayed"] = "true"
    return response
