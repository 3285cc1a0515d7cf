"""POST /console/media: the composer's upload (XHR with a progress bar, CSRF header),
streamed to storage through the same code and rules as POST /v1/media; answers JSON."""

from __future__ import annotations

from aiohttp import web

from domain.errors import RulesViolated
from entrypoints.console.session import organisation
from entrypoints.http.v1.media_upload import receive_upload


async def upload(request: web.Request) -> web.Response:
    org = await organisation(request)
    try:
        stored = await receive_upload(request, org)
    except RulesViolated as refused:
        return web.json_response({"message": str(refused)}, status=422)
    except web.HTTPException as refused:
        if refused.status < 400:
            raise
        return web.json_response({"message": refused.reason}, status=refused.status)
    return web.json_response(
        {"key": stored.key, "size": stored.size, "content_type": stored.content_type}, status=201
    )
