"""``mount(app, now=...)``: the Accounts API emulation on the sandbox's application."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from aiohttp import web

from adapters.sandbox.business import account_routes, comment_routes, control_routes, oauth_routes
from adapters.sandbox.business.core import BusinessSandbox
from adapters.sandbox.business.keys import BUSINESS, BUSINESS_WEBHOOKS
from adapters.sandbox.business.settings import BusinessSettings
from adapters.sandbox.business.webhooks import CommentWebhooks


def mount(
    app: web.Application,
    *,
    now: Callable[[], datetime],
    settings: BusinessSettings | None = None,
) -> BusinessSandbox:
    sandbox = BusinessSandbox(settings or BusinessSettings(), now)
    app[BUSINESS] = sandbox
    app[BUSINESS_WEBHOOKS] = CommentWebhooks(sandbox)
    for module in (oauth_routes, account_routes, comment_routes, control_routes):
        app.add_routes(module.routes)
    app.on_cleanup.append(_close)
    return sandbox


async def _close(app: web.Application) -> None:
    await app[BUSINESS_WEBHOOKS].close()
