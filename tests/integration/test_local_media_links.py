"""The local store's presigned-style links: served with Range, signed, expiring."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import aiohttp
from aiohttp.test_utils import TestServer

from adapters.storage.local import LocalObjectStorage
from entrypoints.http.media import media_app


async def test_signed_links_serve_ranges_and_refuse_tampering_and_expiry(tmp_path: Path) -> None:
    store = LocalObjectStorage(tmp_path / "objects", signing_key=b"k")
    source = tmp_path / "v.mp4"
    source.write_bytes(bytes(range(256)) * 400)
    await store.put_file("videos/v.mp4", source, "video/mp4")
    server = TestServer(media_app(store), port=0)
    await server.start_server()
    store.public_base_url = str(server.make_url("/media"))
    try:
        url = await store.presigned_url("videos/v.mp4", timedelta(minutes=5))
        async with aiohttp.ClientSession() as http:
            async with http.get(url, headers={"Range": "bytes=100-199"}) as part:
                assert part.status == 206 and await part.read() == source.read_bytes()[100:200]
            async with http.get(url.replace("signature=", "signature=0")) as forged:
                assert forged.status == 403
            expired = await store.presigned_url("videos/v.mp4", timedelta(seconds=-1))
            async with http.get(expired) as late:
                assert late.status == 403 and "expired" in await late.text()
            other = url.replace("videos/v.mp4", "videos/w.mp4")
            async with http.get(other) as wrong_key:
                assert wrong_key.status == 403
    finally:
        await server.close()
