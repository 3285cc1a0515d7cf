"""Signing in with an organisation's API key, and signing out."""

from __future__ import annotations

from aiohttp import web
from aiohttp_session import get_session, new_session

from application.errors import Unauthenticated
from entrypoints.console.pages import render
from entrypoints.console.session import (
    HOME,
    SIGN_IN,
    begin,
    flash,
    safe_next,
    stored,
)
from entrypoints.http.keys import CONTAINER

KEY_MAX = 300


async def home(request: web.Request) -> web.StreamResponse:
    raise web.HTTPSeeOther(HOME if stored(await get_session(request)) else SIGN_IN)


async def sign_in_page(request: web.Request) -> web.Response:
    return await render(
        request, "sign_in.html", {"next": safe_next(request.query.get("next")), "error": None}
    )


async def sign_in(request: web.Request) -> web.StreamResponse:
    form = await request.post()
    presented = str(form.get("api_key", ""))[:KEY_MAX]
    target = safe_next(str(form.get("next", "")))
    try:
        who = await request.app[CONTAINER].open_console_session()(presented)
    except Unauthenticated as refused:
        return await render(
            request,
            "sign_in.html",
            {"next": target, "error": f"That key did not sign you in: {refused}."},
            status=401,
        )
    await begin(request, who)
    raise web.HTTPSeeOther(target)


async def sign_out(request: web.Request) -> web.StreamResponse:
    (await get_session(request)).invalidate()
    fresh = await new_session(request)
    flash(fresh, "You are signed out.", "success")
    raise web.HTTPSeeOther(SIGN_IN)
