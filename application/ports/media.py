"""Object storage and the media probe."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from datetime import timedelta
from pathlib import Path
from typing import Protocol

import attrs

from domain.media_rules import PhotoFacts, VideoFacts


@attrs.frozen
class ObjectInfo:
    key: str
    size: int
    content_type: str


class ObjectStorage(Protocol):
    async def put_file(
        self, key: str, path: Path, content_type: str, progress: Callable[[int], None] | None = None
    ) -> ObjectInfo:
        """Store a local file under ``key``, streamed (multipart for large files);
        ``progress`` hears the bytes stored so far."""
        ...

    async def head(self, key: str) -> ObjectInfo:
        """Size and content type; raises NotFound."""
        ...

    def read_range(self, key: str, start: int, end: int) -> AsyncIterator[bytes]:
        """Stream bytes ``start``..``end`` inclusive in bounded buffers; raises NotFound."""
        ...

    async def presigned_url(self, key: str, expires_in: timedelta) -> str:
        """A signed, expiring GET URL for the object."""
        ...

    async def probe_locator(self, key: str) -> str:
        """Where this process reads the object itself for the media probe: a local path or
        a signed URL of the store, never a link served by the API (a standalone worker
        probes with no API running); raises NotFound."""
        ...

    async def delete(self, key: str) -> None: ...


class MediaProbe(Protocol):
    async def probe_video(self, url_or_path: str, size_bytes: int) -> VideoFacts:
        """Facts of a video; raises MediaUnreadable for corrupt or non-media files and
        MediaFetchFailed when the bytes could not be read for now (connection, timeout, 5xx)."""
        ...

    async def probe_photo(self, url_or_path: str, size_bytes: int) -> PhotoFacts: ...
