"""``tt_user`` OAuth: the account holder's authorize page (portal-issued URL, emulated at
``/tt_user/auth/authorize/``), token, refresh, revoke and token info."""

from __future__ import annotations

import html
import secrets
from urllib.parse import urlencode, urlsplit

from aiohttp import web

from adapters.sandbox.business.core import PARAM_ERROR, BusinessError, BusinessSandbox
from adapters.sandbox.business.handlers import api, body, text_field
from adapters.sandbox.business.keys import BUSINESS
from adapters.sandbox.business.state import Code, Grant

SCOPES = (
    "user.info.basic",
    "user.info.username",
    "user.info.stats",
    "user.info.profile",
    "user.account.type",
    "user.insights",
    "video.list",
    "video.insights",
    "comment.list",
    "comment.list.manage",
    "video.publish",
)
V = "/open_api/v1.3"
routes = web.RouteTableDef()


def redirect_allowed(uri: str) -> bool:
    """TikTok: absolute https, ends with '/', no query or fragment. The sandbox also takes
    loopback http with a port (it runs on your machine)."""
    parts = urlsplit(uri)
    if parts.query or parts.fragment or not uri.endswith("/") or not 10 <= len(uri) <= 512:
        return False
    loopback = parts.hostname in ("127.0.0.1", "localhost", "::1")
    return parts.scheme == "https" or (parts.scheme == "http" and loopback)


@routes.get("/tt_user/auth/authorize/")
async def authorize(request: web.Request) -> web.StreamResponse:
    sandbox = request.app[BUSINESS]
    query = request.query
    uri = query.get("redirect_uri", "")
    if query.get("client_key") != sandbox.settings.app_id or not redirect_allowed(uri):
        return web.Response(
            status=400,
            text="Unknown app or redirect URL not registered.",
            content_type="text/plain",
        )
    chosen = query.get("account") or ""
    account = sandbox.state.account_by_username(chosen) if chosen else None
    if account is None and sandbox.settings.auto_approve and not chosen:
        account = next(iter(sandbox.state.accounts.values()), None)
    if account is None:
        links = "".join(
            f'<li><a href="?{html.escape(urlencode({**query, "account": a.username}))}">'
            f"{html.escape(a.display_name)} (@{html.escape(a.username)})</a></li>"
            for a in sandbox.state.accounts.values()
        )
        return web.Response(
            text=f"<!doctype html><title>Authorize</title><h1>Log in to authorize</h1><ul>{links}</ul>",
            content_type="text/html",
        )
    code = secrets.token_urlsafe(24)
    sandbox.state.codes[code] = Code(
        code, account.business_id, uri, sandbox.now() + sandbox.settings.code_lifetime
    )
    params = {"code": code, "scopes": ",".join(SCOPES[:-1]), "state": query.get("state", "")}
    raise web.HTTPFound(f"{uri}?{urlencode(params)}")


def _check_app(
    sandbox: BusinessSandbox, data: dict[str, object], id_field: str, secret_field: str
) -> None:
    if (
        data.get(id_field) != sandbox.settings.app_id
        or data.get(secret_field) != sandbox.settings.secret
    ):
        raise BusinessError(40101, "Invalid auth params: app id and secret do not match.")


def _issue(sandbox: BusinessSandbox, business_id: str, refresh: Grant | None) -> dict[str, object]:
    s, now = sandbox.settings, sandbox.now()
    access = Grant(
        "act." + secrets.token_urlsafe(32), business_id, SCOPES[:-1], now + s.access_lifetime
    )
    sandbox.state.access[access.token] = access
    if refresh is None:  # a new grant: a year of refresh; refreshing does not reset it
        refresh = Grant(
            "rft." + secrets.token_urlsafe(32), business_id, access.scopes, now + s.refresh_lifetime
        )
        sandbox.state.refresh[refresh.token] = refresh
    return {
        "access_token": access.token,
        "expires_in": int(s.access_lifetime.total_seconds()),
        "open_id": business_id,
        "refresh_token": refresh.token,
        "refresh_token_expires_in": max(0, int((refresh.expires_at - now).total_seconds())),
        "scope": ",".join(access.scopes),
        "token_type": "Bearer",
    }


@routes.post(f"{V}/tt_user/oauth2/token/")
@api
async def token(request: web.Request, sandbox: BusinessSandbox) -> web.Response:
    data = await body(request)
    _check_app(sandbox, data, "client_id", "client_secret")
    if data.get("grant_type") != "authorization_code":
        raise BusinessError(40108, "Invalid grant_type.")
    code = sandbox.state.codes.pop(text_field(data, "auth_code"), None)
    if code is None or code.expires_at <= sandbox.now():
        raise BusinessError(40110, "Auth code is invalid, used or expired.")
    if data.get("redirect_uri") != code.redirect_uri:
        raise BusinessError(PARAM_ERROR, "redirect_uri does not match the authorization.")
    return sandbox.answer(_issue(sandbox, code.business_id, None))


@routes.post(f"{V}/tt_user/oauth2/refresh_token/")
@api
async def refresh_token(request: web.Request, sandbox: BusinessSandbox) -> web.Response:
    data = await body(request)
    _check_app(sandbox, data, "client_id", "client_secret")
    if data.get("grant_type") != "refresh_token":
        raise BusinessError(40108, "Invalid grant_type.")
    grant = sandbox.state.refresh.get(text_field(data, "refresh_token"))
    if grant is None or grant.revoked:
        raise BusinessError(40107, "Invalid refresh token.")
    if grant.expires_at <= sandbox.now():
        raise BusinessError(40103, "Refresh token has expired; re-authorize.")
    return sandbox.answer(_issue(sandbox, grant.business_id, grant))


@routes.post(f"{V}/tt_user/oauth2/revoke/")
@api
async def revoke(request: web.Request, sandbox: BusinessSandbox) -> web.Response:
    data = await body(request)
    _check_app(sandbox, data, "client_id", "client_secret")
    grant = sandbox.state.access.get(text_field(data, "access_token"))
    if grant is None:
        raise BusinessError(40105, "Access token is invalid.")
    for other in (*sandbox.state.access.values(), *sandbox.state.refresh.values()):
        if other.business_id == grant.business_id:
            other.revoked = True
    return sandbox.answer({})


@routes.post(f"{V}/tt_user/token_info/get/")
@api
async def token_info(request: web.Request, sandbox: BusinessSandbox) -> web.Response:
    data = await body(request)
    if data.get("app_id") != sandbox.settings.app_id:
        raise BusinessError(40101, "Invalid app_id.")
    grant = sandbox.state.access.get(text_field(data, "access_token"))
    if grant is None or grant.revoked or grant.expires_at <= sandbox.now():
        raise BusinessError(40105, "Access token is invalid.")
    return sandbox.answer(
        {
            "app_id": sandbox.settings.app_id,
            "creator_id": grant.business_id,
            "scope": ",".join(grant.scopes),
        }
    )
