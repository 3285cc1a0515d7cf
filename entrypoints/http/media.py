"""Signed, expiring media links for the local object store (what S3 presigning is for S3):
TikTok's PULL_FROM_URL and the media probe fetch media through them, with Range support."""

from __future__ import annotations

import hmac
import time

from aiohttp import web

from adapters.storage.local import LocalObjectStorage

STORE = web.AppKey("media_store", LocalObjectStorage)


async def serve_media(request: web.Request) -> web.StreamResponse:
    store = request.app[STORE]
    key = request.match_info["key"]
    expires = request.query.get("expires", "")
    signature = request.query.get("signature", "")
    if not expires.isdigit() or not hmac.compare_digest(
        store.signature(key, int(expires)), signature
    ):
        raise web.HTTPForbidden(text="invalid media link signature")
    if int(expires) < time.time():
        raise web.HTTPForbidden(text="media link expired")
    try:
        path = store.local_path(key)
    except ValueError:
        raise web.HTTPNotFound() from None
    if not path.is_file():
        raise web.HTTPNotFound()
    return web.FileResponse(path)


def media_app(store: LocalObjectStorage) -> web.Application:
    app = web.Application()
    app[STORE] = store
    app.router.add_get("/media/{key:.+}", serve_media)
    return app
