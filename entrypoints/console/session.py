"""The console's session cookie: what it holds, and the signed-in check every page makes.

The cookie is encrypted and authenticated (aiohttp-session's Fernet storage). It holds the
organisation, the API key's id and name, the sign-in and last-seen times, the CSRF token
and one-shot flash messages; never the key's secret."""

from __future__ import annotations

import secrets
from datetime import datetime
from urllib.parse import quote

from aiohttp import web
from aiohttp_session import Session, get_session, new_session

from application.errors import Unauthenticated
from domain.console_session import ConsoleSession
from entrypoints.http.keys import CONTAINER
from entrypoints.http.v1.common import ORG

SIGN_IN = "/console/sign-in"
HOME = "/console/channels"
COOKIE = "tiktok_channel_console"
SIGNED_IN: web.RequestKey[ConsoleSession] = web.RequestKey("console_session")


def csrf_token(session: Session) -> str:
    """The session's CSRF token, made on first use."""
    token = session.get("csrf")
    if not isinstance(token, str) or len(token) < 32:
        token = secrets.token_urlsafe(32)
        session["csrf"] = token
    return token


def flash(session: Session, message: str, kind: str = "info") -> None:
    """A message shown once, on the next page."""
    session["flash"] = [*session.get("flash", []), {"kind": kind, "text": message}][-5:]


def take_flashes(session: Session) -> list[dict[str, str]]:
    shown = list(session.get("flash", []))
    if shown:
        del session["flash"]
    return shown


def stored(session: Session) -> ConsoleSession | None:
    held = session.get("who")
    if not isinstance(held, dict):
        return None
    try:
        return ConsoleSession(
            organisation_id=str(held["org"]),
            key_id=str(held["key"]),
            key_name=str(held.get("name", "")),
            signed_in_at=datetime.fromisoformat(held["since"]),
            seen_at=datetime.fromisoformat(held["seen"]),
        )
    except (KeyError, TypeError, ValueError):
        return None


def _store(session: Session, who: ConsoleSession) -> None:
    session["who"] = {
        "org": who.organisation_id,
        "key": who.key_id,
        "name": who.key_name,
        "since": who.signed_in_at.isoformat(),
        "seen": who.seen_at.isoformat(),
    }


async def begin(request: web.Request, who: ConsoleSession) -> None:
    """A fresh cookie (a new CSRF token too: no fixation across sign-in)."""
    session = await new_session(request)
    _store(session, who)
    csrf_token(session)


def safe_next(raw: str | None) -> str:
    """Where to go after signing in: a console path only (no open redirect)."""
    if raw and raw.startswith("/console/") and not raw.startswith("//") and "\\" not in raw:
        return raw
    return HOME


def sign_in_url(request: web.Request) -> str:
    target = request.path_qs if request.method == "GET" else HOME
    return f"{SIGN_IN}?next={quote(target, safe='')}"


async def signed_in(request: web.Request) -> ConsoleSession:
    """The page's session, checked (length, idle time, the key not revoked) and marked as
    seen; or a redirect to the sign-in page that says why."""
    session = await get_session(request)
    who = stored(session)
    if who is None:
        raise web.HTTPSeeOther(sign_in_url(request))
    try:
        who = await request.app[CONTAINER].resume_console_session()(who)
    except Unauthenticated as ended:
        session.clear()
        flash(session, f"Your session has ended ({ended}). Sign in again.", "warning")
        raise web.HTTPSeeOther(sign_in_url(request)) from None
    _store(session, who)
    request[SIGNED_IN] = who
    request[ORG] = who.organisation_id
    return who


async def organisation(request: web.Request) -> str:
    return (await signed_in(request)).organisation_id
