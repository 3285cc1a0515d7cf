"""/v1/media: stream a file into object storage under the organisation's own prefix."""

from __future__ import annotations

import asyncio
import tempfile
from pathlib import Path

from aiohttp import web

from domain.errors import raise_if_any
from domain.media_key import upload_name_violations
from entrypoints.http.keys import CONTAINER
from entrypoints.http.v1.channel_responses import StoredMediaOut
from entrypoints.http.v1.common import answer, org

TYPES = {"video/mp4", "video/quicktime", "video/webm", "image/jpeg", "image/webp"}
READ = 1 << 20


async def upload_media(request: web.Request) -> web.Response:
    name = request.query.get("name", "")
    raise_if_any(upload_name_violations(name))  # before reading a byte of the body
    content_type = request.content_type
    if content_type not in TYPES:
        raise web.HTTPUnsupportedMediaType(
            reason=f"Content-Type must be one of {', '.join(sorted(TYPES))}"
        )
    with tempfile.TemporaryDirectory(prefix="upload-") as work:
        path = Path(work) / "body"
        size = 0
        with path.open("wb") as out:  # one read buffer in memory, whatever the size
            while chunk := await request.content.read(READ):
                size += len(chunk)
                await asyncio.to_thread(out.write, chunk)
        if size == 0:
            raise web.HTTPBadRequest(reason="the body is empty")
        stored = await request.app[CONTAINER].upload_media()(
            organisation_id=org(request), name=name, path=path, content_type=content_type
        )
    return answer(StoredMediaOut(stored.key, stored.size, content_type), 201)
