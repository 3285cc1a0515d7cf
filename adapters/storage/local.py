"""Object storage in a local directory: for single-machine installs, the demo and benches.

Reads stream in bounded buffers from a worker thread; presigned URLs are served by the
HTTP API's media route, signed with HMAC so they expire like S3's.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
import secrets
import time
from collections.abc import AsyncIterator, Callable
from datetime import timedelta
from pathlib import Path
from urllib.parse import quote

from application.errors import NotFound
from application.ports import ObjectInfo
from domain.media_key import MediaKey

READ_BUFFER = 1024 * 1024


class LocalObjectStorage:
    def __init__(
        self,
        root: Path,
        *,
        public_base_url: str = "http://127.0.0.1:8080/media",
        signing_key: bytes | None = None,  # None: a random key of this instance
        buffer_size: int = READ_BUFFER,
    ) -> None:
        self.root = root
        self.root.mkdir(parents=True, exist_ok=True)
        self.public_base_url = public_base_url.rstrip("/")
        self.signing_key = signing_key or secrets.token_bytes(32)
        self.buffer_size = buffer_size

    def _path(self, key: str) -> Path:
        path = (self.root / MediaKey.parse(key).value).resolve()
        if self.root.resolve() not in path.parents:
            raise ValueError(f"object key {key!r} escapes the storage root")
        return path

    def _meta(self, key: str) -> Path:
        return self._path(key).with_name(self._path(key).name + ".meta.json")

    async def put_file(
        self, key: str, path: Path, content_type: str, progress: Callable[[int], None] | None = None
    ) -> ObjectInfo:
        target = self._path(key)
        await asyncio.to_thread(target.parent.mkdir, parents=True, exist_ok=True)
        partial = target.with_name(target.name + ".partial")
        copied = 0
        with path.open("rb") as source, partial.open("wb") as out:
            while block := await asyncio.to_thread(source.read, 8 * self.buffer_size):
                await asyncio.to_thread(out.write, block)
                copied += len(block)
                if progress is not None:
                    progress(copied)
        await asyncio.to_thread(partial.replace, target)  # readers never see half a file
        await asyncio.to_thread(
            self._meta(key).write_text, json.dumps({"content_type": content_type})
        )
        return ObjectInfo(key, copied, content_type)

    async def head(self, key: str) -> ObjectInfo:
        def stat() -> ObjectInfo:
            path = self._path(key)
            if not path.is_file():
                raise NotFound("object", key)
            meta = self._meta(key)
            content_type = (
                json.loads(meta.read_text())["content_type"]
                if meta.exists()
                else "application/octet-stream"
            )
            return ObjectInfo(key, path.stat().st_size, content_type)

        return await asyncio.to_thread(stat)

    async def read_range(self, key: str, start: int, end: int) -> AsyncIterator[bytes]:
        path = self._path(key)
        if not path.is_file():
            raise NotFound("object", key)
        handle = await asyncio.to_thread(path.open, "rb")
        try:
            await asyncio.to_thread(handle.seek, start)
            remaining = end - start + 1
            while remaining > 0:
                block = await asyncio.to_thread(handle.read, min(self.buffer_size, remaining))
                if not block:
                    raise ValueError(f"object {key!r} ended before byte {end}")
                remaining -= len(block)
                yield block
        finally:
            handle.close()

    async def presigned_url(self, key: str, expires_in: timedelta) -> str:
        await self.head(key)
        expires = int(time.time() + expires_in.total_seconds())
        return (
            f"{self.public_base_url}/{quote(key)}?expires={expires}&signature="
            f"{self.signature(key, expires)}"
        )

    async def probe_locator(self, key: str) -> str:
        await self.head(key)
        return str(self._path(key))

    def signature(self, key: str, expires: int) -> str:
        return hmac.new(self.signing_key, f"{key}\n{expires}".encode(), hashlib.sha256).hexdigest()

    def local_path(self, key: str) -> Path:
        return self._path(key)

    async def delete(self, key: str) -> None:
        def remove() -> None:
            self._path(key).unlink(missing_ok=True)
            self._meta(key).unlink(missing_ok=True)

        await asyncio.to_thread(remove)
