"""A TikTokApi decorator that counts every call and every error by its taxonomy code."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from adapters.telemetry.prometheus import PrometheusTelemetry
from application.errors import TikTokApiError

COUNTED = (
    "exchange_code",
    "refresh",
    "revoke",
    "user_info",
    "creator_info",
    "init_video",
    "init_photos",
    "upload",
    "fetch_status",
    "cancel",
    "list_videos",
    "query_videos",
)


class InstrumentedTikTokApi:
    def __init__(self, inner: Any, telemetry: PrometheusTelemetry) -> None:
        self.inner = inner
        self.telemetry = telemetry

    def __getattr__(self, name: str) -> Any:
        attr = getattr(self.inner, name)
        if name not in COUNTED:
            return attr
        return self._counted(name, attr)

    def _counted(self, name: str, call: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(call)
        async def counted(*args: Any, **kwargs: Any) -> Any:
            try:
                result = await call(*args, **kwargs)
            except TikTokApiError as exc:
                self.telemetry.tiktok_call(name, exc.error.code)
                raise
            self.telemetry.tiktok_call(name, None)
            return result

        return counted
