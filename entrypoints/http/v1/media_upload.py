"""/v1/media: stream a file into object storage under the organisation's own prefix."""

from __future__ import annotations

import asyncio
import re
import tempfile
from pathlib import Path

from aiohttp import web

from entrypoints.http.keys import CONTAINER
from entrypoints.http.v1.common import answer, org
from entrypoints.http.v1.posts import media_prefix

NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,120}$")
TYPES = {"video/mp4", "video/quicktime", "video/webm", "image/jpeg", "image/webp"}
READ = 1 << 20


async def upload_media(request: web.Request) -> web.Response:
    name = request.query.get("name", "")
    if not NAME.match(name):
        raise web.HTTPBadRequest(reason="name must be a plain file name (letters, digits, . _ -)")
    content_type = request.content_type
    if content_type not in TYPES:
        raise web.HTTPUnsupportedMediaType(
            reason=f"Content-Type must be one of {', '.join(sorted(TYPES))}"
        )
    container = request.app[CONTAINER]
    key = f"{media_prefix(org(request))}{container.ids().new_id()}/{name}"
    with tempfile.TemporaryDirectory(prefix="upload-") as work:
        path = Path(work) / name
        size = 0
        with path.open("wb") as out:  # one read buffer in memory, whatever the size
            while chunk := await request.content.read(READ):
                size += len(chunk)
                await asyncio.to_thread(out.write, chunk)
        if size == 0:
            raise web.HTTPBadRequest(reason="the body is empty")
        await container.storage().put_file(key, path, content_type)
    return answer({"key": key, "size": size, "content_type": content_type}, 201)
