"""Rendering a console page: the template with what every page shows (who is signed in,
the CSRF token, one-shot messages, the request id)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

import aiohttp_jinja2
from aiohttp import web
from aiohttp_session import get_session

from entrypoints.console.session import SIGNED_IN, csrf_token, flash, take_flashes
from entrypoints.log_context import current_request_id


async def render(
    request: web.Request, template: str, context: Mapping[str, Any], *, status: int = 200
) -> web.Response:
    session = await get_session(request)
    common = {
        "who": request.get(SIGNED_IN),
        "csrf_token": csrf_token(session),
        "flashes": take_flashes(session),
        "request_id": current_request_id(),
        "path": request.path,
    }
    return aiohttp_jinja2.render_template(template, request, {**common, **context}, status=status)


async def done(
    request: web.Request, to: str, message: str, kind: str = "success"
) -> web.HTTPSeeOther:
    """After a form: a message for the next page, and the redirect to it (Post/Redirect/Get)."""
    flash(await get_session(request), message, kind)
    return web.HTTPSeeOther(to)


def when(value: object) -> str:
    """A time as people read it: ``2026-11-29 18:05 UTC``."""
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value)
        except ValueError:
            return str(value)
    if isinstance(value, datetime):
        shown = value.astimezone(UTC) if value.tzinfo else value
        return shown.strftime("%Y-%m-%d %H:%M UTC")
    return "—" if value is None else str(value)


def number(value: object) -> str:
    """``12345`` as ``12,345``; missing figures as a dash."""
    if isinstance(value, bool) or value is None:
        return "—"
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, float):
        return f"{value:,.1f}"
    return str(value)
