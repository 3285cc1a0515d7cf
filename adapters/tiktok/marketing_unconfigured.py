"""The Marketing API when no app is configured: every call says how to configure one."""

from __future__ import annotations

from typing import Any

from application.errors import Conflict

MESSAGE = (
    "the TikTok Marketing API is not configured: set TIKTOK_ADS_APP_ID and TIKTOK_ADS_SECRET "
    "(and TIKTOK_ADS_API_BASE for the sandbox)"
)


class AdsNotConfigured(Conflict):
    """This service has no Marketing API app: a 409 that says how to configure one."""


class UnconfiguredMarketing:
    """Satisfies MarketingApi; raises on use, so reads of our own records still work."""

    def __getattr__(self, name: str) -> Any:
        async def refuse(*args: object, **kwargs: object) -> Any:
            raise AdsNotConfigured(MESSAGE)

        return refuse
