"""The PyAV probe, loaded on the first file it judges: a process that never probes
(the status, token and metrics workers, most CLI commands) never loads FFmpeg."""

from __future__ import annotations

from application.ports import MediaProbe
from domain.media_rules import PhotoFacts, VideoFacts


class LazyPyAvProbe:
    def __init__(self) -> None:
        self._probe: MediaProbe | None = None

    def _loaded(self) -> MediaProbe:
        if self._probe is None:
            from adapters.media.pyav_probe import PyAvProbe

            self._probe = PyAvProbe()
        return self._probe

    async def probe_video(self, url_or_path: str, size_bytes: int) -> VideoFacts:
        return await self._loaded().probe_video(url_or_path, size_bytes)

    async def probe_photo(self, url_or_path: str, size_bytes: int) -> PhotoFacts:
        return await self._loaded().probe_photo(url_or_path, size_bytes)
