"""The TikTok Marketing API (v1.3) emulator, mounted on the sandbox app by ``mount``.

Independent of domain/ and application/: it speaks TikTok's wire format only.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from aiohttp import web

from adapters.sandbox.marketing import (
    audience_routes,
    control_routes,
    file_routes,
    oauth_routes,
    object_routes,
    report_routes,
    subscriptions,
)
from adapters.sandbox.marketing.core import MarketingSandbox
from adapters.sandbox.marketing.endpoint import MARKETING
from adapters.sandbox.marketing.settings import MarketingSettings
from adapters.sandbox.marketing.subscriptions import DELIVERER, Deliverer


def mount(
    app: web.Application, *, now: Callable[[], datetime], settings: MarketingSettings | None = None
) -> MarketingSandbox:
    sandbox = MarketingSandbox(settings or MarketingSettings(), now)
    deliverer = Deliverer(sandbox)
    app[MARKETING] = sandbox
    app[DELIVERER] = deliverer
    for module in (
        oauth_routes,
        object_routes,
        file_routes,
        report_routes,
        audience_routes,
        subscriptions,
        control_routes,
    ):
        app.add_routes(module.routes)
    app.on_startup.append(deliverer.start)
    app.on_cleanup.append(deliverer.stop)
    return sandbox


__all__ = ["MARKETING", "MarketingSandbox", "MarketingSettings", "mount"]
