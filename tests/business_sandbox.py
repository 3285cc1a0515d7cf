"""The sandbox's Accounts API on loopback and the settings that point the service at it:
one place for every test that connects business accounts."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import attrs
from aiohttp import web
from aiohttp.test_utils import TestServer

from adapters.sandbox.app import create_app as create_sandbox
from adapters.sandbox.business import BUSINESS, BusinessSettings
from adapters.sandbox.settings import SandboxSettings

REDIRECT = "http://127.0.0.1:8080/oauth/tiktok-business/callback/"


@attrs.frozen
class BusinessSandbox:
    app: web.Application
    base: str
    settings: BusinessSettings

    @property
    def business(self) -> Any:
        """The sandbox's Accounts API state."""
        return self.app[BUSINESS]

    def service_settings(self, data_dir: Path | str, **more: Any) -> dict[str, Any]:
        """The service on the memory backend and the fake Login Kit, its Accounts API at
        this sandbox."""
        return {
            "backend": "memory",
            "tiktok": "fake",
            "data_dir": str(data_dir),
            "business_app_id": self.settings.app_id,
            "business_secret": self.settings.secret,
            "business_api_base": self.base,
            "business_authorize_url": f"{self.base}/tt_user/auth/authorize/",
            "business_redirect_uri": REDIRECT,
            **more,
        }


@asynccontextmanager
async def business_sandbox() -> AsyncIterator[BusinessSandbox]:
    settings = BusinessSettings(rate_window_s=1.0)
    app = create_sandbox(SandboxSettings(creators=[]), business_settings=settings)
    server = TestServer(app, host="127.0.0.1")
    await server.start_server()
    try:
        yield BusinessSandbox(app, str(server.make_url("")).rstrip("/"), settings)
    finally:
        await server.close()
