"""The contract every ObjectStorage adapter keeps. Subclass and provide ``storage``."""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

import pytest

from application.errors import NotFound
from application.ports import ObjectStorage


async def collect(storage: ObjectStorage, key: str, start: int, end: int) -> tuple[bytes, int]:
    parts = [part async for part in storage.read_range(key, start, end)]
    return b"".join(parts), max(len(p) for p in parts)


class ObjectStorageContract:
    max_buffer: int = 1024 * 1024  # no read may hold more than this in memory

    @pytest.fixture
    def storage(self) -> ObjectStorage:
        raise NotImplementedError

    async def test_put_then_head(self, storage: ObjectStorage, tmp_path: Path) -> None:
        path = tmp_path / "clip.mp4"
        path.write_bytes(b"x" * 1000)
        info = await storage.put_file("media/clip.mp4", path, "video/mp4")
        head = await storage.head("media/clip.mp4")
        assert (info.size, head.size, head.content_type) == (1000, 1000, "video/mp4")

    async def test_read_range_streams_exact_bytes_in_bounded_buffers(
        self, storage: ObjectStorage, tmp_path: Path
    ) -> None:
        data = os.urandom(3 * self.max_buffer + 123)
        path = tmp_path / "big.bin"
        path.write_bytes(data)
        await storage.put_file("big.bin", path, "application/octet-stream")
        whole, biggest = await collect(storage, "big.bin", 0, len(data) - 1)
        assert whole == data and biggest <= self.max_buffer
        middle, _ = await collect(storage, "big.bin", 10, self.max_buffer + 20)
        assert middle == data[10 : self.max_buffer + 21]

    async def test_missing_objects_are_not_found(self, storage: ObjectStorage) -> None:
        with pytest.raises(NotFound):
            await storage.head("absent")
        with pytest.raises(NotFound):
            await collect(storage, "absent", 0, 1)

    async def test_presigned_url_names_the_object(
        self, storage: ObjectStorage, tmp_path: Path
    ) -> None:
        path = tmp_path / "a.jpg"
        path.write_bytes(b"\xff\xd8\xff")
        await storage.put_file("photos/a b.jpg", path, "image/jpeg")
        url = await storage.presigned_url("photos/a b.jpg", timedelta(minutes=5))
        assert "a%20b.jpg" in url or "a+b.jpg" in url

    async def test_probe_locator_reads_the_store_itself(
        self, storage: ObjectStorage, tmp_path: Path
    ) -> None:
        path = tmp_path / "clip.mp4"
        path.write_bytes(b"v" * 10)
        await storage.put_file("media/clip.mp4", path, "video/mp4")
        locator = await storage.probe_locator("media/clip.mp4")
        assert "clip.mp4" in locator
        assert "/media/media/" not in locator  # not a link through the API's media route
        if not locator.startswith(("http://", "https://", "memory://")):
            assert Path(locator).read_bytes() == b"v" * 10
        with pytest.raises(NotFound):
            await storage.probe_locator("absent")

    async def test_delete(self, storage: ObjectStorage, tmp_path: Path) -> None:
        path = tmp_path / "x"
        path.write_bytes(b"1")
        await storage.put_file("x", path, "text/plain")
        await storage.delete("x")
        with pytest.raises(NotFound):
            await storage.head("x")
        await storage.delete("x")  # deleting twice is fine

    @pytest.mark.parametrize(
        "key",
        [
            "orgs/other/../demo-org/a.mp4",
            "../escape",
            "a/./b",
            "a//b",
            "/absolute",
            "a\\b",
            "a/b\x00",
            "a/\tb",
            "",
            "trailing/",
        ],
    )
    async def test_refuses_a_key_that_is_not_normalised(
        self, storage: ObjectStorage, tmp_path: Path, key: str
    ) -> None:
        path = tmp_path / "x"
        path.write_bytes(b"1")
        with pytest.raises(ValueError, match="media key"):
            await storage.put_file(key, path, "text/plain")
        with pytest.raises(ValueError, match="media key"):
            await storage.head(key)
        with pytest.raises(ValueError, match="media key"):
            await collect(storage, key, 0, 0)
        with pytest.raises(ValueError, match="media key"):
            await storage.presigned_url(key, timedelta(minutes=1))
        with pytest.raises(ValueError, match="media key"):
            await storage.delete(key)
