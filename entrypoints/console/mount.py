"""Mounting the console on the service's aiohttp app: templates, the session cookie,
the guard, static files and the pages."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import aiohttp_jinja2
import jinja2
from aiohttp import web
from aiohttp.typedefs import Middleware
from aiohttp_session import session_middleware
from aiohttp_session.cookie_storage import EncryptedCookieStorage

from entrypoints.console.guard import PREFIX, Handler, console_guard, content_security_policy
from entrypoints.console.pages import number, when
from entrypoints.console.routes import ROUTES
from entrypoints.console.session import COOKIE

if TYPE_CHECKING:
    from entrypoints.container import Container

HERE = Path(__file__).parent


def console_middlewares(container: Container) -> list[Middleware]:
    """The session cookie (``Secure`` when the service's public address is https) and the
    guard; they wrap every request but act on ``/console`` only. The cookie key is read
    (or made, in the data directory) on the first console request, not at start-up."""
    config = container.config
    policy = content_security_policy(
        [config.tiktok_auth_base() or "", config.business_authorize_url() or ""]
    )
    return [_lazy_sessions(container), console_guard(policy)]


def _lazy_sessions(container: Container) -> Middleware:
    built: list[Middleware] = []

    @web.middleware
    async def sessions(request: web.Request, handler: Handler) -> web.StreamResponse:
        if not request.path.startswith(PREFIX):
            return await handler(request)
        if not built:
            storage = EncryptedCookieStorage(
                container.console_session_key(),
                cookie_name=COOKIE,
                path=PREFIX,
                httponly=True,
                secure=(container.config.redirect_uri() or "").startswith("https://"),
                samesite="Lax",
            )
            built.append(session_middleware(storage))
        return await built[0](request, handler)

    return sessions


def mount_console(app: web.Application) -> None:
    env = aiohttp_jinja2.setup(
        app,
        loader=jinja2.FileSystemLoader(HERE / "templates"),
        undefined=jinja2.StrictUndefined,
        filters={"when": when, "number": number},
    )
    env.globals["static"] = lambda name: f"/console/static/{name}"
    for method, path, handler in ROUTES:
        app.router.add_route(method, path, handler)
    app.router.add_static("/console/static", HERE / "static", append_version=False)
