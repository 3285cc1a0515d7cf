"""The upload URL: sequential chunk PUTs, streamed to disk, with TikTok's status codes."""

from __future__ import annotations

import re

from aiohttp import web

from adapters.sandbox.core import Sandbox
from adapters.sandbox.keys import PROCESSOR, SANDBOX
from adapters.sandbox.responses import log_id
from adapters.sandbox.settings import UploadAnswerBody
from adapters.sandbox.state import Publication, Upload

routes = web.RouteTableDef()
CONTENT_TYPES = {"video/mp4", "video/quicktime", "video/webm"}
CONTENT_RANGE = re.compile(r"^bytes (\d+)-(\d+)/(\d+)$")
WRITE_BLOCK = 1024 * 1024


def _progress(upload: Upload) -> dict[str, str]:
    last = max(upload.received - 1, 0)
    return {"Content-Range": f"bytes 0-{last}/{upload.video_size}"}


JSON_CODES = {400: "invalid_file_upload", 403: "upload_url_expired", 404: "upload_not_found"}
JSON_CODES |= {416: "content_range_mismatch"}


def _answer(
    sandbox: Sandbox, status: int, message: str, upload: Upload | None = None
) -> web.Response:
    """TikTok documents no body for these answers: ``upload_answer_body`` chooses one."""
    headers = _progress(upload) if upload is not None else None
    form = sandbox.settings.upload_answer_body
    if form is UploadAnswerBody.JSON:
        code = "ok" if status < 300 else JSON_CODES.get(status, "internal_error")
        error = {"code": code, "message": message, "log_id": log_id(sandbox.now())}
        return web.json_response({"error": error}, status=status, headers=headers)
    text = message if form is UploadAnswerBody.TEXT else ""
    return web.Response(status=status, text=text, headers=headers)


@routes.put("/upload/video/")
@routes.put("/upload/")
async def put_chunk(request: web.Request) -> web.Response:
    sandbox = request.app[SANDBOX]
    publish_id = sandbox.state.uploads.get(request.query.get("upload_id", ""))
    pub: Publication | None = sandbox.state.publications.get(publish_id or "")
    upload = pub.upload if pub is not None else None
    if pub is None or upload is None or request.query.get("upload_token") != upload.upload_token:
        return _answer(sandbox, 404, "no upload task matches this upload_url")
    if sandbox.now() >= upload.expires_at:
        return _answer(sandbox, 403, "upload_url has expired")
    if upload.chunks_done >= upload.total_chunk_count:
        return _answer(sandbox, 416, "the upload is complete already", upload)
    if request.content_type not in CONTENT_TYPES:
        return _answer(
            sandbox, 400, "Content-Type must be video/mp4, video/quicktime or video/webm"
        )
    match = CONTENT_RANGE.match(request.headers.get("Content-Range", ""))
    length_header = request.headers.get("Content-Length", "")
    if match is None or not length_header.isdigit():
        return _answer(
            sandbox, 400, "Content-Range and Content-Length are required and well formed"
        )
    first, last, total = (int(g) for g in match.groups())
    if total != upload.video_size or last < first:
        return _answer(sandbox, 400, "Content-Range total does not match video_size", upload)
    if (first, last) != upload.expected_range():
        return _answer(sandbox, 416, "Content-Range does not match the upload progress", upload)
    length = int(length_header)
    if length != last - first + 1:
        return _answer(sandbox, 400, "Content-Length does not match Content-Range", upload)
    written = await _write_chunk(request, upload, length)
    if written != length:
        return _answer(
            sandbox, 400, f"Content-Length {length} but the body had {written} bytes", upload
        )
    upload.received += written
    upload.chunks_done += 1
    faults = sandbox.settings.faults
    if faults.lose_next_upload_answers > 0:  # stored, but the answer never arrives
        faults.lose_next_upload_answers -= 1
        if upload.chunks_done == upload.total_chunk_count:
            request.app[PROCESSOR].uploaded(pub)
        assert request.transport is not None
        request.transport.close()
        raise web.HTTPServiceUnavailable()
    if upload.chunks_done < upload.total_chunk_count:
        return _answer(sandbox, 206, "", upload)
    request.app[PROCESSOR].uploaded(pub)
    return _answer(sandbox, 201, "", upload)


async def _write_chunk(request: web.Request, upload: Upload, length: int) -> int:
    """Stream the body to the upload's file; on a short or long body, undo the write."""
    written = 0
    with upload.path.open("r+b" if upload.path.exists() else "wb") as out:
        out.seek(upload.received)
        async for block in request.content.iter_chunked(WRITE_BLOCK):
            written += len(block)
            if written > length:
                break
            out.write(block)
        if written != length:
            out.truncate(upload.received)
    return written
