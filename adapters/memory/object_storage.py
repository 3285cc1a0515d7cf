"""Object storage in a dict: the same contract as the S3 adapter, minus the network."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from datetime import timedelta
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit

import attrs

from application.errors import NotFound
from application.ports import ObjectInfo
from domain.media_key import MediaKey

READ_BUFFER = 1024 * 1024
URL_PREFIX = "memory://objects/"


@attrs.define
class MemoryObjectStorage:
    objects: dict[str, tuple[bytes, str]] = attrs.Factory(dict)
    buffer_size: int = READ_BUFFER

    async def put_file(
        self, key: str, path: Path, content_type: str, progress: Callable[[int], None] | None = None
    ) -> ObjectInfo:
        data = await asyncio.to_thread(path.read_bytes)
        info = self.put_bytes(key, data, content_type)
        if progress is not None:
            progress(len(data))
        return info

    def put_bytes(self, key: str, data: bytes, content_type: str) -> ObjectInfo:
        MediaKey.parse(key)
        self.objects[key] = (data, content_type)
        return ObjectInfo(key, len(data), content_type)

    async def head(self, key: str) -> ObjectInfo:
        data, content_type = self._get(key)
        return ObjectInfo(key, len(data), content_type)

    async def read_range(self, key: str, start: int, end: int) -> AsyncIterator[bytes]:
        data, _ = self._get(key)
        if start < 0 or end < start or end >= len(data):
            raise ValueError(f"range {start}-{end} outside object {key!r} of {len(data)} bytes")
        for offset in range(start, end + 1, self.buffer_size):
            yield data[offset : min(offset + self.buffer_size, end + 1)]

    async def presigned_url(self, key: str, expires_in: timedelta) -> str:
        self._get(key)
        return f"{URL_PREFIX}{quote(key)}?expires_in={int(expires_in.total_seconds())}"

    async def probe_locator(self, key: str) -> str:
        return await self.presigned_url(key, timedelta(minutes=15))

    async def delete(self, key: str) -> None:
        self.objects.pop(MediaKey.parse(key).value, None)

    def _get(self, key: str) -> tuple[bytes, str]:
        try:
            return self.objects[MediaKey.parse(key).value]
        except KeyError:
            raise NotFound("object", key) from None


def key_from_locator(locator: str) -> str:
    """The object key behind a memory:// URL (or the locator itself if it is a key)."""
    if locator.startswith(URL_PREFIX):
        return unquote(urlsplit(locator).path.lstrip("/"))
    return locator
