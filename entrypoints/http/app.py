"""``create_app(container)``: the aiohttp entrypoint. So far: health, readiness, the TikTok
webhook receiver, the OAuth callback and (for the local store) signed media links."""

from __future__ import annotations

import asyncio
import hmac
import html
from collections.abc import AsyncIterator, Awaitable
from typing import TYPE_CHECKING, Any

from aiohttp import web
from prometheus_client import CONTENT_TYPE_LATEST

from adapters.storage.local import LocalObjectStorage
from application.errors import InvalidOAuthState, NotFound, TikTokApiError
from entrypoints.http import business_hooks
from entrypoints.http.consent_pages import consent_refused_page, wants_html, with_channel
from entrypoints.http.input_guard import refuse_unstorable
from entrypoints.http.keys import CONTAINER
from entrypoints.http.media import STORE, serve_media
from entrypoints.http.openapi import docs, openapi_json
from entrypoints.http.problems import problem, problems
from entrypoints.http.request_log import request_context
from entrypoints.http.tiktok_webhook import receive
from entrypoints.http.v1.ads import receive_review_event
from entrypoints.http.v1.common import authenticate
from entrypoints.http.v1.routes import add_routes

if TYPE_CHECKING:
    from entrypoints.container import Container


async def healthz(request: web.Request) -> web.Response:
    return web.json_response({"status": "ok"})


async def _check(probe: Awaitable[object]) -> str:
    try:
        await asyncio.wait_for(probe, READY_TIMEOUT_S)
    except NotFound:
        return "ok"  # the store answered: the probe key simply does not exist
    except Exception as exc:
        return f"unreachable: {type(exc).__name__}"
    return "ok"


async def _tiktok_reachable(container: Container) -> None:
    async with container.http_session().get(container.config.tiktok_api_base()) as answer:
        await answer.read()  # any HTTP answer means the base URL is reachable


async def readyz(request: web.Request) -> web.Response:
    """Database, object storage and TikTok's base URL, each with a short timeout."""
    container = request.app[CONTAINER]
    checks: dict[str, str] = {}
    if container.config.backend() == "postgres":
        checks["database"] = await _check(container.db_pool().fetchval("SELECT 1"))
    checks["storage"] = await _check(container.storage().head(".readiness-probe"))
    if container.config.tiktok() == "http":
        checks["tiktok"] = await _check(_tiktok_reachable(container))
    ready = all(v == "ok" for v in checks.values())
    return web.json_response({"ready": ready, "checks": checks}, status=200 if ready else 503)


async def metrics(request: web.Request) -> web.Response:
    """Prometheus exposition: posts by state, publish latency, TikTok calls and errors by
    code, token refreshes, webhook events (counters of this process). Behind the metrics
    bearer token (ADR 0021); no series is labelled by organisation."""
    container = request.app[CONTAINER]
    scheme, _, presented = request.headers.get("Authorization", "").partition(" ")
    expected = container.metrics_token()
    if scheme.lower() != "bearer" or not hmac.compare_digest(
        presented.strip().encode(), expected.encode()
    ):
        refused = problem(
            401, "unauthenticated", "send the metrics token: 'Authorization: Bearer ...'"
        )
        refused.headers["WWW-Authenticate"] = 'Bearer realm="tiktok-channel-metrics"'
        return refused
    counts = await container.count_posts_by_state()()
    body = container.telemetry().exposition(counts)
    return web.Response(body=body, headers={"Content-Type": CONTENT_TYPE_LATEST})


async def oauth_callback(request: web.Request) -> web.StreamResponse:
    container = request.app[CONTAINER]
    query = request.query
    if "state" not in query:
        return problem(400, "invalid_oauth_state", "the callback carries no state")
    try:
        done = await container.complete_oauth()(
            state=query["state"],
            code=query.get("code"),
            error=query.get("error"),
            error_description=query.get("error_description", ""),
        )
    except (TikTokApiError, InvalidOAuthState) as refused:
        if not wants_html(request):
            raise
        return consent_refused_page(refused)
    if done.return_url:  # checked against ADR 0019's rule when the connect started
        raise web.HTTPFound(with_channel(done.return_url, done.channel.id))
    name = html.escape(done.channel.display_name)
    return web.Response(
        content_type="text/html",
        text=(
            f"<!doctype html><title>Connected</title><p>TikTok account {name} is connected. "
            "You can close this window.</p>"
        ),
    )


READY_TIMEOUT_S = 3.0


def create_serving_app(**settings: Any) -> web.Application:
    """The app for ``serve``: it opens its container's resources (database pool, HTTP
    session, S3 client, embedded server) on startup and closes them on cleanup."""
    from entrypoints.container import build_container, open_resources

    container = build_container(**settings)
    app = create_app(container)

    async def resources(app: web.Application) -> AsyncIterator[None]:
        async with open_resources(container):
            yield

    app.cleanup_ctx.append(resources)
    return app


def create_app(container: Container) -> web.Application:
    from entrypoints.console.mount import console_middlewares, mount_console

    app = web.Application(
        middlewares=[
            request_context,
            problems,
            refuse_unstorable,
            authenticate,
            *console_middlewares(container),
        ],
        client_max_size=1 << 20,
    )
    app[CONTAINER] = container
    add_routes(app)
    mount_console(app)
    app.router.add_get("/openapi.json", openapi_json)
    app.router.add_get("/docs", docs)
    app.router.add_get("/healthz", healthz)
    app.router.add_get("/readyz", readyz)
    app.router.add_get("/metrics", metrics)
    app.router.add_post("/connect/webhook/tiktok", receive)
    app.router.add_post("/connect/webhook/tiktok-ads", receive_review_event)
    app.router.add_get("/oauth/tiktok/callback", oauth_callback)
    app.router.add_post("/connect/webhook/tiktok-business", business_hooks.receive)
    app.router.add_get("/oauth/tiktok-business/callback/", business_hooks.oauth_callback)
    if container.config.storage() == "local":
        app[STORE] = container.storage()
        assert isinstance(app[STORE], LocalObjectStorage)
        app.router.add_get("/media/{key:.+}", serve_media)
    return app
