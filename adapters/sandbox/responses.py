"""TikTok's response shapes: the v2 envelope, the flat OAuth error, and log ids."""

from __future__ import annotations

import secrets
from datetime import datetime

from aiohttp import web


def log_id(now: datetime) -> str:
    """14-digit UTC timestamp and 20 uppercase hex characters, like TikTok's examples."""
    return now.strftime("%Y%m%d%H%M%S") + secrets.token_hex(10).upper()


class ApiError(Exception):
    """Raised by handlers; rendered as the v2 envelope with ``error.code``."""

    def __init__(
        self, http_status: int, code: str, message: str = "", data: dict[str, object] | None = None
    ) -> None:
        self.http_status = http_status
        self.code = code
        self.message = message
        self.data = data or {}
        super().__init__(f"{http_status} {code}: {message}")


class OAuthError(Exception):
    """Raised by the OAuth handlers; rendered as the flat OAuth error object."""

    def __init__(self, error: str, description: str) -> None:
        self.error = error
        self.description = description
        super().__init__(f"{error}: {description}")


def envelope(
    data: dict[str, object],
    now: datetime,
    *,
    code: str = "ok",
    message: str = "",
    status: int = 200,
) -> web.Response:
    return web.json_response(
        {"data": data, "error": {"code": code, "message": message, "log_id": log_id(now)}},
        status=status,
    )


def error_response(exc: ApiError, now: datetime) -> web.Response:
    return envelope(exc.data, now, code=exc.code, message=exc.message, status=exc.http_status)


def oauth_error_response(exc: OAuthError, now: datetime, status: int) -> web.Response:
    return web.json_response(
        {"error": exc.error, "error_description": exc.description, "log_id": log_id(now)},
        status=status,
    )
