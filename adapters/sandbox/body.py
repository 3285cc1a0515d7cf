"""Reading request bodies the way TikTok judges them: a bad field is ``invalid_param``
with a message that names it."""

from __future__ import annotations

import json
from collections.abc import Collection
from typing import Any
from urllib.parse import urlsplit

from aiohttp import web

from adapters.sandbox.responses import ApiError
from adapters.sandbox.settings import UnknownFields

PRIVACY_LEVELS = ("PUBLIC_TO_EVERYONE", "MUTUAL_FOLLOW_FRIENDS", "FOLLOWER_OF_CREATOR", "SELF_ONLY")
LOOPBACK = {"127.0.0.1", "localhost", "::1"}


def utf16_length(value: str) -> int:
    """TikTok counts text limits in UTF-16 code units."""
    return len(value.encode("utf-16-le")) // 2


def invalid(message: str, code: str = "invalid_param") -> ApiError:
    return ApiError(400, code, message)


async def json_body(request: web.Request, code: str = "invalid_param") -> dict[str, Any]:
    raw = await request.read()
    if not raw:
        return {}
    try:
        body = json.loads(raw)
    except (ValueError, UnicodeDecodeError):
        raise invalid("The request body is not valid JSON.", code) from None
    if not isinstance(body, dict):
        raise invalid("The request body must be a JSON object.", code)
    return body


def obj(parent: dict[str, Any], key: str, path: str, *, required: bool = False) -> dict[str, Any]:
    value = parent.get(key)
    if value is None:
        if required:
            raise invalid(f"{path} is required.")
        return {}
    if not isinstance(value, dict):
        raise invalid(f"{path} must be an object.")
    return value


def boolean(parent: dict[str, Any], key: str, path: str) -> bool | None:
    value = parent.get(key)
    if value is not None and not isinstance(value, bool):
        raise invalid(f"{path} must be a boolean.")
    return value


def integer(
    parent: dict[str, Any],
    key: str,
    path: str,
    *,
    required: bool = False,
    minimum: int | None = None,
) -> int | None:
    value = parent.get(key)
    if value is None:
        if required:
            raise invalid(f"{path} is required.")
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise invalid(f"{path} must be an integer.")
    if minimum is not None and value < minimum:
        raise invalid(f"{path} must be at least {minimum}.")
    return value


def text(
    parent: dict[str, Any], key: str, path: str, *, limit: int | None = None, required: bool = False
) -> str | None:
    value = parent.get(key)
    if value is None:
        if required:
            raise invalid(f"{path} is required.")
        return None
    if not isinstance(value, str):
        raise invalid(f"{path} must be a string.")
    if limit is not None and utf16_length(value) > limit:
        raise invalid(f"{path} is longer than {limit} UTF-16 code units.")
    return value


def privacy(post_info: dict[str, Any], path: str) -> str | None:
    value = text(post_info, "privacy_level", path)
    if value is not None and value not in PRIVACY_LEVELS:
        raise invalid(f"{path} must be one of {', '.join(PRIVACY_LEVELS)}.")
    return value


def media_url(value: object, path: str) -> str:
    """https, or http on a loopback host (the sandbox's one allowance)."""
    if not isinstance(value, str) or not value:
        raise invalid(f"{path} must be a URL.")
    parts = urlsplit(value)
    loopback_http = parts.scheme == "http" and (parts.hostname or "") in LOOPBACK
    if parts.scheme != "https" and not loopback_http:
        raise invalid(f"{path} must be an https URL.")
    return value


def url_verified(url: str, verified: tuple[str, ...]) -> bool:
    """URL-prefix properties match by exact prefix; bare domains cover their subdomains."""
    host = (urlsplit(url).hostname or "").lower()
    for entry in verified:
        if "://" in entry:
            if url.startswith(entry):
                return True
        elif host == entry.lower() or host.endswith("." + entry.lower()):
            return True
    return False


def requested_fields(query_value: str, known: Collection[str], unknown: UnknownFields) -> list[str]:
    """The ``fields`` query parameter: required; names TikTok does not document are refused
    or left out of the answer, by the ``unknown_fields`` setting."""
    fields = [f.strip() for f in query_value.split(",") if f.strip()]
    if not fields:
        raise ApiError(400, "invalid_params", "fields is required.")
    strangers = [f for f in fields if f not in known]
    if strangers and unknown is UnknownFields.REFUSE:
        raise ApiError(400, "invalid_params", f"Unknown fields: {', '.join(strangers)}.")
    return [f for f in fields if f in known]
