"""Login Kit v2: the authorize page, the token endpoint (code and refresh grants), revoke."""

from __future__ import annotations

import hashlib
import html
import re
import secrets
from urllib.parse import urlencode, urlsplit

from aiohttp import web

from adapters.sandbox.core import Sandbox
from adapters.sandbox.keys import SANDBOX, WEBHOOKS
from adapters.sandbox.responses import OAuthError, oauth_error_response
from adapters.sandbox.state import AuthCode, Grant, new_token

KNOWN_SCOPES = (
    "user.info.basic",
    "user.info.profile",
    "user.info.stats",
    "video.list",
    "video.upload",
    "video.publish",
)
LOOPBACK_HOSTS = {"127.0.0.1", "localhost", "::1"}
VERIFIER_CHARS = set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")

routes = web.RouteTableDef()


def redirect_uri_allowed(sandbox: Sandbox, uri: str) -> bool:
    registered = sandbox.settings.redirect_uris
    parts = urlsplit(uri)
    if parts.query or parts.fragment or len(uri) >= 512:
        return False
    if registered:
        return any(_matches(pattern, uri) for pattern in registered)
    return parts.scheme in ("http", "https") and (parts.hostname or "") in LOOPBACK_HOSTS


def _matches(pattern: str, uri: str) -> bool:
    """Exact match; a registered ``:*`` port matches any port (desktop apps)."""
    return re.fullmatch(re.escape(pattern).replace(r":\*", r":\d+"), uri) is not None


def _redirect(uri: str, params: dict[str, str]) -> web.HTTPFound:
    return web.HTTPFound(f"{uri}?{urlencode(params)}")


def _error_page(message: str, status: int = 400) -> web.Response:
    body = (
        f"<!doctype html><title>TikTok sandbox: authorization error</title>"
        f"<h1>Authorization error</h1><p>{html.escape(message)}</p>"
    )
    return web.Response(text=body, status=status, content_type="text/html")


def _read_authorize(
    sandbox: Sandbox, query: dict[str, str]
) -> tuple[str, list[str]] | web.Response:
    """Validate the request; a bad client or redirect URI is shown, never redirected to."""
    if query.get("client_key") != sandbox.settings.client_key:
        return _error_page("Unknown client_key.")
    redirect_uri = query.get("redirect_uri", "")
    if not redirect_uri_allowed(sandbox, redirect_uri):
        return _error_page("redirect_uri is not registered for this app.")
    state = query.get("state", "")
    base = {"state": state} if state else {}
    if query.get("response_type") != "code":
        raise _redirect(
            redirect_uri,
            base
            | {
                "error": "unsupported_response_type",
                "error_description": "response_type must be code",
            },
        )
    if not state:
        raise _redirect(
            redirect_uri, {"error": "invalid_request", "error_description": "state is required"}
        )
    scopes = [s.strip() for s in query.get("scope", "").split(",") if s.strip()]
    unknown = [s for s in scopes if s not in KNOWN_SCOPES]
    if not scopes or unknown:
        raise _redirect(
            redirect_uri,
            base
            | {
                "error": "invalid_scope",
                "error_description": f"unknown scope: {', '.join(unknown) or '(none given)'}",
            },
        )
    if query.get("code_challenge") and query.get("code_challenge_method", "S256") != "S256":
        raise _redirect(
            redirect_uri,
            base | {"error": "invalid_request", "error_description": "only S256 is supported"},
        )
    return redirect_uri, scopes


def _issue_code(
    sandbox: Sandbox, open_id: str, scopes: list[str], redirect_uri: str, challenge: str | None
) -> str:
    code = secrets.token_urlsafe(24)
    granted = tuple(dict.fromkeys(["user.info.basic", *scopes]))
    sandbox.state.codes[code] = AuthCode(
        code,
        open_id,
        granted,
        redirect_uri,
        challenge,
        sandbox.now() + sandbox.settings.code_lifetime,
    )
    return code


@routes.get("/v2/auth/authorize/")
async def authorize_page(request: web.Request) -> web.StreamResponse:
    sandbox = request.app[SANDBOX]
    query = dict(request.query)
    checked = _read_authorize(sandbox, query)
    if isinstance(checked, web.Response):
        return checked
    redirect_uri, scopes = checked
    if sandbox.settings.auto_approve and sandbox.state.session_open_id in sandbox.state.creators:
        code = _issue_code(
            sandbox,
            sandbox.state.session_open_id or "",
            scopes,
            redirect_uri,
            query.get("code_challenge"),
        )
        raise _redirect(
            redirect_uri,
            {
                "code": code,
                "scopes": ",".join(sandbox.state.codes[code].scopes),
                "state": query["state"],
            },
        )
    return web.Response(text=_consent_html(sandbox, query, scopes), content_type="text/html")


def _consent_html(sandbox: Sandbox, query: dict[str, str], scopes: list[str]) -> str:
    hidden = "".join(
        f'<input type="hidden" name="{html.escape(k)}" value="{html.escape(v)}">'
        for k, v in query.items()
    )
    boxes = "".join(
        f'<label><input type="checkbox" name="grant" value="{s}" checked'
        f"{' disabled' if s == 'user.info.basic' else ''}> {s}</label><br>"
        for s in scopes
    )
    accounts = "".join(
        f'<option value="{c.open_id}">{html.escape(c.nickname)} '
        f"(@{html.escape(c.username)})</option>"
        for c in sandbox.state.creators.values()
    )
    return (
        "<!doctype html><html><head><title>TikTok sandbox: authorize</title></head><body>"
        f"<h1>{html.escape(sandbox.settings.client_key)} would like to access your "
        "TikTok account</h1>"
        f'<form method="post" action="/v2/auth/authorize/">{hidden}'
        f'<p><label>Log in as <select name="open_id">{accounts}</select></label></p>'
        f"<fieldset><legend>Permissions</legend>{boxes}</fieldset>"
        '<button name="decision" value="approve">Authorize</button> '
        '<button name="decision" value="deny">Cancel</button></form></body></html>'
    )


@routes.post("/v2/auth/authorize/")
async def authorize_decision(request: web.Request) -> web.StreamResponse:
    sandbox = request.app[SANDBOX]
    form = await request.post()
    query = {k: str(v) for k, v in form.items() if k not in ("grant", "decision", "open_id")}
    checked = _read_authorize(sandbox, query)
    if isinstance(checked, web.Response):
        return checked
    redirect_uri, scopes = checked
    if form.get("decision") != "approve":
        raise _redirect(
            redirect_uri,
            {
                "error": "access_denied",
                "error_description": "The user denied the authorization.",
                "state": query["state"],
            },
        )
    open_id = str(form.get("open_id", ""))
    if open_id not in sandbox.state.creators:
        return _error_page("Choose an account to log in with.")
    granted = [s for s in scopes if s in {str(v) for v in form.getall("grant", [])}]
    code = _issue_code(sandbox, open_id, granted, redirect_uri, query.get("code_challenge"))
    raise _redirect(
        redirect_uri,
        {
            "code": code,
            "scopes": ",".join(sandbox.state.codes[code].scopes),
            "state": query["state"],
        },
    )


# ---- token endpoint -----------------------------------------------------------------


@routes.post("/v2/oauth/token/")
async def token(request: web.Request) -> web.Response:
    sandbox = request.app[SANDBOX]
    try:
        form = await _oauth_form(request, sandbox)
        grant_type = form.get("grant_type", "")
        if grant_type == "authorization_code":
            return web.json_response(_exchange_code(sandbox, form))
        if grant_type == "refresh_token":
            return web.json_response(_refresh(sandbox, form))
        if grant_type == "client_credentials":
            return web.json_response(
                {"access_token": new_token("clt"), "expires_in": 7200, "token_type": "Bearer"}
            )
        raise OAuthError("unsupported_grant_type", f"grant_type {grant_type!r} is not supported")
    except OAuthError as exc:
        return oauth_error_response(exc, sandbox.now(), sandbox.settings.oauth_error_status)


async def _oauth_form(request: web.Request, sandbox: Sandbox) -> dict[str, str]:
    if request.content_type != "application/x-www-form-urlencoded":
        raise OAuthError(
            "invalid_request",
            "request parameters are malformed: send application/x-www-form-urlencoded",
        )
    form = {k: str(v) for k, v in (await request.post()).items()}
    if form.get("client_key") != sandbox.settings.client_key:
        raise OAuthError("invalid_client", "Client key is invalid.")
    if not form.get("client_secret"):
        raise OAuthError("invalid_request", "Client secret is missed in request.")
    if not secrets.compare_digest(form["client_secret"], sandbox.settings.client_secret):
        raise OAuthError("invalid_client", "Client secret is invalid.")
    return form


def _exchange_code(sandbox: Sandbox, form: dict[str, str]) -> dict[str, object]:
    code = sandbox.state.codes.pop(form.get("code", ""), None)  # single-use, even on error
    if code is None or code.expires_at <= sandbox.now():
        raise OAuthError("invalid_grant", "Authorization code is expired or invalid.")
    if form.get("redirect_uri") != code.redirect_uri:
        raise OAuthError(
            "invalid_request",
            "The redirect_uri does not match the one used when requesting the code.",
        )
    if code.code_challenge is not None:
        verifier = form.get("code_verifier", "")
        if not 43 <= len(verifier) <= 128 or not set(verifier) <= VERIFIER_CHARS:
            raise OAuthError("invalid_request", "code_verifier is missing or malformed.")
        if hashlib.sha256(verifier.encode()).hexdigest() != code.code_challenge.lower():
            raise OAuthError("invalid_grant", "code_verifier does not match the code_challenge.")
    sandbox.creator(code.open_id)
    return _token_set(sandbox, code.open_id, code.scopes)


def _refresh(sandbox: Sandbox, form: dict[str, str]) -> dict[str, object]:
    old = sandbox.state.refresh.get(form.get("refresh_token", ""))
    if old is None or old.revoked or old.expires_at <= sandbox.now():
        raise OAuthError("invalid_grant", "Refresh token is invalid or expired.")
    if sandbox.settings.rotates:
        old.revoked = True
        return _token_set(sandbox, old.open_id, old.scopes)
    answer = _token_set(sandbox, old.open_id, old.scopes, keep_refresh=old)
    return answer


def _token_set(
    sandbox: Sandbox, open_id: str, scopes: tuple[str, ...], keep_refresh: Grant | None = None
) -> dict[str, object]:
    now, settings = sandbox.now(), sandbox.settings
    access = Grant(new_token("act"), open_id, scopes, now + settings.access_lifetime)
    sandbox.state.access[access.token] = access
    refresh = keep_refresh or Grant(
        new_token("rft"), open_id, scopes, now + settings.refresh_lifetime
    )
    sandbox.state.refresh[refresh.token] = refresh
    return {
        "access_token": access.token,
        "expires_in": int(settings.access_lifetime.total_seconds()),
        "open_id": open_id,
        "refresh_token": refresh.token,
        "refresh_expires_in": max(0, int((refresh.expires_at - now).total_seconds())),
        "scope": ",".join(scopes),
        "token_type": "Bearer",
    }


@routes.post("/v2/oauth/revoke/")
async def revoke(request: web.Request) -> web.Response:
    sandbox = request.app[SANDBOX]
    try:
        form = await _oauth_form(request, sandbox)
    except OAuthError as exc:
        return oauth_error_response(exc, sandbox.now(), sandbox.settings.oauth_error_status)
    grant = sandbox.state.access.get(form.get("token", ""))
    if grant is not None and not grant.revoked:
        sandbox.revoke_open_id(grant.open_id)
        request.app[WEBHOOKS].authorization_removed(grant.open_id, reason=5)
    return web.json_response({})
