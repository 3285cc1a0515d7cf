"""``create_app(settings)``: the whole emulator as one aiohttp application."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from aiohttp import web

from adapters.sandbox import (
    business,
    control_routes,
    display_routes,
    marketing,
    oauth_routes,
    posting_routes,
    upload_routes,
    user_routes,
)
from adapters.sandbox.clock import Clock
from adapters.sandbox.core import Sandbox
from adapters.sandbox.keys import PROCESSOR, SANDBOX, WEBHOOKS
from adapters.sandbox.middleware import errors, faults
from adapters.sandbox.processing import Processor
from adapters.sandbox.settings import SandboxSettings
from adapters.sandbox.webhooks import WebhookSender

MAX_CHUNK_BODY = 130 * 1024 * 1024  # the last chunk may reach 128 MB

# The developer API (open.tiktokapis.com, its authorize page and upload host) and /_sandbox/.
ROUTES = (oauth_routes, user_routes, posting_routes, upload_routes, display_routes, control_routes)
# Further TikTok APIs, one sub-package each: ``mount(app, now=...)`` adds its routes and state.
EMULATORS: tuple[Callable[..., object], ...] = (
    marketing.mount,  # the Marketing API (ads)
    business.mount,  # the Business API for TikTok Accounts (insights, comments)
)


def create_app(
    settings: SandboxSettings | None = None,
    *,
    clock: Clock | None = None,
    data_dir: Path | None = None,
    business_settings: business.BusinessSettings | None = None,
) -> web.Application:
    sandbox = Sandbox(settings or SandboxSettings(), clock=clock, data_dir=data_dir)
    webhooks = WebhookSender(sandbox)
    app = web.Application(middlewares=[errors, faults], client_max_size=MAX_CHUNK_BODY)
    app[SANDBOX] = sandbox
    app[WEBHOOKS] = webhooks
    app[PROCESSOR] = Processor(sandbox, webhooks)
    for module in ROUTES:
        app.add_routes(module.routes)
    for mount in EMULATORS:
        mount(app, now=sandbox.now)
    if business_settings is not None:
        app[business.BUSINESS].configure(business_settings)
    app.on_cleanup.append(_close)
    return app


async def _close(app: web.Application) -> None:
    await app[PROCESSOR].close()
    await app[WEBHOOKS].close()
    app[SANDBOX].close()
