"""Ad videos and images: multipart uploads checked against their MD5 signature, by URL too."""

from __future__ import annotations

import hashlib
from datetime import timedelta
from typing import Any

import aiohttp
from aiohttp import web

from adapters.sandbox.marketing.core import MarketingError, MarketingSandbox, json_param
from adapters.sandbox.marketing.endpoint import endpoint
from adapters.sandbox.marketing.state import Video

routes = web.RouteTableDef()
READ = 1 << 16


async def read_form(request: web.Request, file_field: str) -> tuple[dict[str, str], str, int]:
    """Text fields, and the file part's MD5 and size: the file is digested, never kept."""
    fields: dict[str, str] = {}
    md5, size = hashlib.md5(usedforsecurity=False), 0
    if not request.content_type.startswith("multipart/"):
        raise MarketingError(40002, "multipart/form-data is required.")
    reader = await request.multipart()
    while (part := await reader.next()) is not None:
        assert isinstance(part, aiohttp.BodyPartReader)
        if part.name == file_field:
            while chunk := await part.read_chunk(READ):
                md5.update(chunk)
                size += len(chunk)
        else:
            fields[part.name or ""] = await part.text()
    return fields, md5.hexdigest(), size


async def _upload(request: web.Request, m: MarketingSandbox, kind: str) -> Video:
    file_field = f"{kind}_file"
    fields, digest, size = await read_form(request, file_field)
    advertiser = fields.get("advertiser_id", "")
    m.authorise(request, advertiser or None)
    upload_type = fields.get("upload_type", "UPLOAD_BY_FILE")
    if upload_type == "UPLOAD_BY_URL":
        url = fields.get(f"{kind}_url", "")
        if not url.startswith(("http://", "https://")):
            raise MarketingError(40002, f"{kind}_url must be an http(s) URL.")
        digest, size = hashlib.md5(url.encode(), usedforsecurity=False).hexdigest(), 0
    elif upload_type == "UPLOAD_BY_FILE":
        if not size:
            raise MarketingError(40002, f"{file_field} is required.")
        if fields.get(f"{kind}_signature", "").lower() != digest:
            raise MarketingError(40002, f"{kind}_signature does not match the file's MD5.")
    else:
        raise MarketingError(40002, f"upload_type {upload_type} is invalid.")
    store = m.state.videos if kind == "video" else m.state.images
    item = Video(m.state.new_id(21 if kind == "video" else 22), advertiser, digest, size,
                 m.now(), fields.get("file_name", ""))  # fmt: skip
    store[item.id] = item
    return item


@endpoint(routes, "POST", "/file/video/ad/upload/", multipart=True)
async def video_upload(
    request: web.Request, m: MarketingSandbox, body: dict[str, Any]
) -> dict[str, Any]:
    video = await _upload(request, m, "video")
    # TikTok answers with a list of one video
    return {"list": [{"video_id": video.id, "signature": video.signature, "size": video.size,
                      "file_name": video.file_name}]}  # fmt: skip


@endpoint(routes, "POST", "/file/image/ad/upload/", multipart=True)
async def image_upload(
    request: web.Request, m: MarketingSandbox, body: dict[str, Any]
) -> dict[str, Any]:
    image = await _upload(request, m, "image")
    return {"image_id": image.id, "signature": image.signature, "size": image.size}


@endpoint(routes, "GET", "/file/video/ad/info/")
async def video_info(
    request: web.Request, m: MarketingSandbox, body: dict[str, Any]
) -> dict[str, Any]:
    ids = json_param(request, "video_ids", []) or []
    ready = timedelta(seconds=m.settings.video_processing_s)
    out = []
    for vid in ids:
        video = m.state.videos.get(str(vid))
        if video is None or video.advertiser_id != request.query.get("advertiser_id"):
            raise MarketingError(40007, f"video_id {vid} does not exist.")
        done = m.now() - video.created_at >= ready
        out.append({"video_id": video.id, "signature": video.signature, "size": video.size,
                    "displayable": done, "allow_upload": True})  # fmt: skip
    return {"list": out}
