"""/v1/media: stream a file into object storage under the organisation's own prefix."""

from __future__ import annotations

import asyncio
import tempfile
from pathlib import Path

from aiohttp import web

from application.ports import ObjectInfo
from domain.errors import raise_if_any
from domain.media_key import upload_name_violations
from entrypoints.http.keys import CONTAINER
from entrypoints.http.v1.common import answer, org

TYPES = {"video/mp4", "video/quicktime", "video/webm", "image/jpeg", "image/webp"}
READ = 1 << 20


async def receive_upload(request: web.Request, organisation_id: str) -> ObjectInfo:
    """The request's body stored through the UploadMedia use-case: the name checked before
    a byte is read, one read buffer in memory whatever the size (the API and the console)."""
    name = request.query.get("name", "")
    raise_if_any(upload_name_violations(name))
    content_type = request.content_type
    if content_type not in TYPES:
        raise web.HTTPUnsupportedMediaType(
            reason=f"Content-Type must be one of {', '.join(sorted(TYPES))}"
        )
    with tempfile.TemporaryDirectory(prefix="upload-") as work:
        path = Path(work) / "body"
        size = 0
        with path.open("wb") as out:
            while chunk := await request.content.read(READ):
                size += len(chunk)
                await asyncio.to_thread(out.write, chunk)
        if size == 0:
            raise web.HTTPBadRequest(reason="the body is empty")
        return await request.app[CONTAINER].upload_media()(
            organisation_id=organisation_id, name=name, path=path, content_type=content_type
        )


async def upload_media(request: web.Request) -> web.Response:
    stored = await receive_upload(request, org(request))
    return answer(
        {"key": stored.key, "size": stored.size, "content_type": request.content_type}, 201
    )
