"""Share for client approval: a signed, expiring link to one draft (ADR 0030), kept in the
marketer's session for the post page to show once, with a copy button."""

from __future__ import annotations

from typing import Any

from aiohttp import web
from aiohttp_session import get_session

from domain.return_url import origin_of
from entrypoints.http.keys import CONTAINER

KEY = "shared_link"


def approval_path(token: str) -> str:
    return f"/console/approve?t={token}"  # in the query: request logs hold paths only


def public_origin(request: web.Request) -> str:
    """The address clients reach the service at: the configured public address (behind a
    proxy), else the one this request came to."""
    configured = origin_of(request.app[CONTAINER].config.redirect_uri() or "")
    return configured or str(request.url.origin())


async def share(request: web.Request, organisation_id: str, post_id: str) -> None:
    link = await request.app[CONTAINER].share_post_for_approval()(
        organisation_id=organisation_id, post_id=post_id
    )
    session = await get_session(request)
    session[KEY] = {
        "post_id": post_id,
        "url": public_origin(request) + approval_path(link.token),
        "expires_at": link.grant.expires_at.isoformat(),
    }


async def take_shared(request: web.Request, post_id: str) -> dict[str, Any] | None:
    session = await get_session(request)
    held = session.get(KEY)
    if not isinstance(held, dict) or held.get("post_id") != post_id:
        return None
    del session[KEY]
    return held
