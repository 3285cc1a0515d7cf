"""What a person's browser sees at the end of TikTok's consent: the return URL with the
channel's id, or, when consent was cancelled or the link is stale, a readable page."""

from __future__ import annotations

import html
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from aiohttp import web

from application.errors import InvalidOAuthState, TikTokApiError

CANCELLED = frozenset({"access_denied", "user_cancelled", "cancelled"})


def with_channel(return_url: str, channel_id: str) -> str:
    """The return URL with ``channel_id=<id>`` added to its query (so the page it opens
    knows which channel was connected)."""
    parts = urlsplit(return_url)
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k != "channel_id"]
    query.append(("channel_id", channel_id))
    return urlunsplit(parts._replace(query=urlencode(query)))


def wants_html(request: web.Request) -> bool:
    """A browser at the callback (it asks for text/html), not a program."""
    return "text/html" in request.headers.get("Accept", "")


def consent_refused_page(refused: TikTokApiError | InvalidOAuthState) -> web.Response:
    if isinstance(refused, InvalidOAuthState):
        title = "This connection link has expired"
        told = f"{refused}. Nothing was connected."
        status = 400
    elif refused.error.code in CANCELLED:
        title = "Connection cancelled"
        told = "You cancelled on TikTok's consent page, so nothing was connected."
        status = 200
    else:
        title = "TikTok did not connect the account"
        told = refused.error.describe()
        status = 502
    return web.Response(
        status=status,
        content_type="text/html",
        text=(
            '<!doctype html><html lang="en"><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{html.escape(title)}</title>"
            f"<main><h1>{html.escape(title)}</h1><p>{html.escape(told)}</p>"
            '<p><a href="/console/channels">Back to your channels</a> to try again.</p>'
            "</main></html>"
        ),
    )
