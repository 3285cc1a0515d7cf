"""``create_app(container)``: the aiohttp entrypoint. So far: health, readiness, the TikTok
webhook receiver, the OAuth callback and (for the local store) signed media links."""

from __future__ import annotations

import html
from typing import Any

from aiohttp import web

from adapters.storage.local import LocalObjectStorage
from entrypoints.http.keys import CONTAINER
from entrypoints.http.media import STORE, serve_media
from entrypoints.http.openapi import docs, openapi_json
from entrypoints.http.problems import problem, problems
from entrypoints.http.tiktok_webhook import receive
from entrypoints.http.v1.common import authenticate
from entrypoints.http.v1.routes import add_routes


async def healthz(request: web.Request) -> web.Response:
    return web.json_response({"status": "ok"})


async def readyz(request: web.Request) -> web.Response:
    container = request.app[CONTAINER]
    checks: dict[str, str] = {}
    if container.config.backend() == "postgres":
        try:
            await container.db_pool().fetchval("SELECT 1")
            checks["database"] = "ok"
        except Exception as exc:
            checks["database"] = f"unreachable: {type(exc).__name__}"
    ready = all(v == "ok" for v in checks.values())
    return web.json_response({"ready": ready, "checks": checks}, status=200 if ready else 503)


async def oauth_callback(request: web.Request) -> web.StreamResponse:
    container = request.app[CONTAINER]
    query = request.query
    if "state" not in query:
        return problem(400, "invalid_oauth_state", "the callback carries no state")
    done = await container.complete_oauth()(
        state=query["state"], code=query.get("code"), error=query.get("error"),
        error_description=query.get("error_description", ""))
    if done.return_url and done.return_url.startswith("/"):
        raise web.HTTPFound(done.return_url)
    name = html.escape(done.channel.display_name)
    return web.Response(content_type="text/html", text=(
        f"<!doctype html><title>Connected</title><p>TikTok account {name} is connected. "
        "You can close this window.</p>"))


def create_app(container: Any) -> web.Application:
    app = web.Application(middlewares=[problems, authenticate], client_max_size=1 << 20)
    app[CONTAINER] = container
    add_routes(app)
    app.router.add_get("/openapi.json", openapi_json)
    app.router.add_get("/docs", docs)
    app.router.add_get("/healthz", healthz)
    app.router.add_get("/readyz", readyz)
    app.router.add_post("/connect/webhook/tiktok", receive)
    app.router.add_get("/oauth/tiktok/callback", oauth_callback)
    if container.config.storage() == "local":
        app[STORE] = container.storage()
        assert isinstance(app[STORE], LocalObjectStorage)
        app.router.add_get("/media/{key:.+}", serve_media)
    return app
