"""The Accounts API's browser and server callbacks: the ``tt_user`` OAuth redirect and the
``comment.update`` webhook (verified like the Login Kit webhooks, keyed by the Accounts
API app's secret; each delivery applied once)."""

from __future__ import annotations

import html
import time

from aiohttp import web

from application.errors import InvalidOAuthState, TikTokApiError
from entrypoints.http.consent_pages import consent_refused_page, wants_html, with_channel
from entrypoints.http.keys import CONTAINER
from entrypoints.http.problems import problem
from entrypoints.http.tiktok_webhook import parse, verify

COMMENT_EVENT = "comment.update"


async def oauth_callback(request: web.Request) -> web.StreamResponse:
    query = request.query
    if "state" not in query:
        return problem(400, "invalid_oauth_state", "the callback carries no state")
    try:
        done = (
            await request.app[CONTAINER]
            .business()
            .complete(
                state=query["state"],
                code=query.get("code"),
                error=query.get("error"),
                error_description=query.get("error_description", ""),
            )
        )
    except (TikTokApiError, InvalidOAuthState) as refused:
        if not wants_html(request):  # a program gets the problem it always got
            raise
        return consent_refused_page(refused)
    if done.return_url:  # checked against ADR 0019's rule when the connect started
        raise web.HTTPFound(with_channel(done.return_url, done.channel.id))
    name = html.escape(done.connection.display_name or done.channel.display_name)
    return web.Response(
        content_type="text/html",
        text=(
            f"<!doctype html><title>Connected</title><p>TikTok account {name} is connected "
            "through the Accounts API (insights and comments). You can close this window.</p>"
        ),
    )


async def receive(request: web.Request) -> web.Response:
    container = request.app[CONTAINER]
    business = container.business()
    telemetry = container.telemetry()
    body = await request.read()
    refused = verify(
        business.secret, request.headers.get("TikTok-Signature", ""), body, time.time()
    )
    if refused is not None or not business.secret:
        telemetry.webhook("unknown", "refused")
        return problem(401, "invalid_signature", refused or "no Accounts API secret configured")
    try:
        event = parse(body)
    except (ValueError, KeyError, TypeError):
        telemetry.webhook("unknown", "malformed")
        return problem(400, "invalid_event", "the body is not a TikTok webhook envelope")
    if event.client_key != business.app_id:
        telemetry.webhook(event.event, "refused")
        return problem(401, "invalid_client_key", "the event is for another app")
    if event.event != COMMENT_EVENT or not event.user_openid or "comment_id" not in event.content:
        telemetry.webhook(event.event, "ignored")
        return web.json_response({"duplicate": False, "note": "not a comment event"})
    try:
        applied = await business.ingest(
            identity=event.identity, business_id=event.user_openid, content=event.content
        )
    except ValueError:
        return problem(400, "invalid_event", "unknown comment_action")
    telemetry.webhook(event.event, "duplicate" if applied.duplicate else "applied")
    return web.json_response({"duplicate": applied.duplicate, "new_comments": applied.new_comments})
