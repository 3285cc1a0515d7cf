"""A media probe that answers from facts registered per object key."""

from __future__ import annotations

import attrs

from adapters.memory.object_storage import key_from_locator
from application.errors import MediaFetchFailed, MediaUnreadable
from domain.media_rules import PhotoFacts, VideoFacts


@attrs.define
class FakeMediaProbe:
    videos: dict[str, VideoFacts] = attrs.Factory(dict)
    photos: dict[str, PhotoFacts] = attrs.Factory(dict)
    unreachable: set[str] = attrs.Factory(set)  # keys whose bytes cannot be fetched for now

    async def probe_video(self, url_or_path: str, size_bytes: int) -> VideoFacts:
        key = key_from_locator(url_or_path)
        if key in self.unreachable:
            raise MediaFetchFailed(key, "connection refused")
        if key not in self.videos:
            raise MediaUnreadable(key, "no video stream found")
        return attrs.evolve(self.videos[key], size_bytes=size_bytes)

    async def probe_photo(self, url_or_path: str, size_bytes: int) -> PhotoFacts:
        key = key_from_locator(url_or_path)
        if key not in self.photos:
            raise MediaUnreadable(key, "not a decodable image")
        return attrs.evolve(self.photos[key], size_bytes=size_bytes)
