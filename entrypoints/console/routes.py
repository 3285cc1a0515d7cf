"""Every console page and form, in one table."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from aiohttp import web

from entrypoints.console import channels, insights, posts, sign_in

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
C = "/console/channels/{channel_id}"
P = "/console/posts/{post_id}"

ROUTES: tuple[tuple[str, str, Handler], ...] = (
    ("GET", "/console", sign_in.home),
    ("GET", "/console/", sign_in.home),
    ("GET", "/console/sign-in", sign_in.sign_in_page),
    ("POST", "/console/sign-in", sign_in.sign_in),
    ("POST", "/console/sign-out", sign_in.sign_out),
    ("GET", "/console/channels", channels.list_page),
    ("POST", "/console/channels/connect", channels.connect),
    ("GET", "/console/channels/connected", channels.connected),
    ("GET", C, channels.detail_page),
    ("POST", f"{C}/verify", channels.verify),
    ("POST", f"{C}/refresh", channels.refresh),
    ("POST", f"{C}/sync", channels.sync),
    ("POST", f"{C}/disconnect", channels.disconnect),
    ("GET", f"{C}/insights", insights.page),
    ("POST", f"{C}/insights", insights.compute),
    ("GET", "/console/posts", posts.board),
    ("POST", P + "/{action:(approve|publish-now|unschedule|retry|manual|schedule)}", posts.act),
)
