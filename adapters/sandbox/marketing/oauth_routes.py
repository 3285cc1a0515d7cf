"""Advertiser authorisation: the portal page, auth code -> long-term token, advertisers, revoke."""

from __future__ import annotations

import secrets
from typing import Any
from urllib.parse import urlencode

from aiohttp import web

from adapters.sandbox.marketing.core import MarketingError, MarketingSandbox
from adapters.sandbox.marketing.endpoint import MARKETING, endpoint, need

routes = web.RouteTableDef()


def issue_auth_code(m: MarketingSandbox, advertiser_ids: list[str] | None = None) -> str:
    code = secrets.token_hex(16)
    m.state.auth_codes[code] = advertiser_ids or list(m.advertisers)
    return code


@routes.get("/portal/auth")
async def portal(request: web.Request) -> web.StreamResponse:
    """The advertiser consents at once (an emulator has no one to ask) and is sent back."""
    m = request.app[MARKETING]
    if request.query.get("app_id") != m.settings.app_id:
        raise web.HTTPBadRequest(text="unknown app_id")
    redirect = request.query.get("redirect_uri", "")
    if not redirect.startswith(("http://", "https://")):
        raise web.HTTPBadRequest(text="redirect_uri must be an http(s) URL")
    code = issue_auth_code(m)
    query = {"auth_code": code, "code": code, "state": request.query.get("state", "")}
    sep = "&" if "?" in redirect else "?"
    raise web.HTTPFound(f"{redirect}{sep}{urlencode(query)}")


def _app(m: MarketingSandbox, app_id: object, secret: object) -> None:
    if str(app_id) != m.settings.app_id or secret != m.settings.secret:
        raise MarketingError(40001, "app_id or secret is wrong.")


@endpoint(routes, "POST", "/oauth2/access_token/", auth=False)
async def access_token(
    request: web.Request, m: MarketingSandbox, body: dict[str, Any]
) -> dict[str, Any]:
    need(body, "app_id", "secret", "auth_code")
    _app(m, body["app_id"], body["secret"])
    advertisers = m.state.auth_codes.pop(str(body["auth_code"]), None)
    if advertisers is None:
        raise MarketingError(40002, "auth_code is invalid or used.")
    token = secrets.token_hex(20)
    m.state.tokens[token] = advertisers
    return {"access_token": token, "advertiser_ids": advertisers, "scope": [1, 2, 3, 4, 5, 6]}


@endpoint(routes, "GET", "/oauth2/advertiser/get/")
async def advertiser_get(
    request: web.Request, m: MarketingSandbox, body: dict[str, Any]
) -> dict[str, Any]:
    _app(m, request.query.get("app_id"), request.query.get("secret"))
    ids = m.authorise(request, None)
    seeds = m.advertisers
    return {
        "list": [
            {"advertiser_id": i, "advertiser_name": seeds[i].name if i in seeds else i} for i in ids
        ]
    }


@endpoint(routes, "GET", "/advertiser/info/")
async def advertiser_info(
    request: web.Request, m: MarketingSandbox, body: dict[str, Any]
) -> dict[str, Any]:
    ids = m.authorise(request, None)
    seeds = m.advertisers
    return {
        "list": [
            {"advertiser_id": i, "name": seeds[i].name, "currency": seeds[i].currency,
             "timezone": seeds[i].timezone}
            for i in ids if i in seeds
        ]
    }  # fmt: skip


@endpoint(routes, "POST", "/oauth2/revoke_token/", auth=False)
async def revoke(request: web.Request, m: MarketingSandbox, body: dict[str, Any]) -> dict[str, Any]:
    need(body, "app_id", "secret", "access_token")
    _app(m, body["app_id"], body["secret"])
    m.state.tokens.pop(str(body["access_token"]), None)
    return {}
