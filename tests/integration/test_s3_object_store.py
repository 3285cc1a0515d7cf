"""The object-storage contract against a real S3 protocol server (moto's, in a thread)."""

from __future__ import annotations

import socket
from collections.abc import AsyncIterator, Iterator
from datetime import timedelta
from pathlib import Path

import aiohttp
import pytest
from moto.server import ThreadedMotoServer

from adapters.storage.s3 import S3ObjectStore, S3Settings
from application.ports import ObjectStorage
from tests.contracts.object_storage_contract import ObjectStorageContract

pytestmark = pytest.mark.s3


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="module")
def s3_endpoint() -> Iterator[str]:
    port = _free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    yield f"http://127.0.0.1:{port}"
    server.stop()


SETTINGS = {
    "region": "us-east-1",
    "access_key_id": "test",
    "secret_access_key": "test",
    "path_style": True,
}


@pytest.fixture
async def s3_store(
    s3_endpoint: str, request: pytest.FixtureRequest
) -> AsyncIterator[S3ObjectStore]:
    bucket = f"media-{abs(hash(request.node.name)) % 10**8}"
    async with S3ObjectStore.connect(S3Settings(bucket, s3_endpoint, **SETTINGS)) as store:
        await store.client.create_bucket(Bucket=bucket)
        store.part_size = 5 * 1024 * 1024
        yield store


class TestS3ObjectStore(ObjectStorageContract):
    @pytest.fixture
    def storage(self, s3_store: S3ObjectStore) -> ObjectStorage:
        return s3_store

    async def test_large_files_go_up_in_parts_and_read_back_exactly(
        self, s3_store: S3ObjectStore, tmp_path: Path
    ) -> None:
        data = bytes(range(256)) * (12 * 1024 * 1024 // 256 + 7)  # ~12 MiB: three parts
        path = tmp_path / "big.mp4"
        path.write_bytes(data)
        info = await s3_store.put_file("videos/big.mp4", path, "video/mp4")
        assert info.size == len(data)
        head = await s3_store.head("videos/big.mp4")
        assert (head.size, head.content_type) == (len(data), "video/mp4")
        middle = b"".join(
            [b async for b in s3_store.read_range("videos/big.mp4", 5_000_000, 11_000_000)]
        )
        assert middle == data[5_000_000:11_000_001]

    async def test_presigned_urls_are_sigv4_and_work(
        self, s3_store: S3ObjectStore, tmp_path: Path
    ) -> None:
        path = tmp_path / "a.jpg"
        path.write_bytes(b"\xff\xd8\xff" + b"x" * 100)
        await s3_store.put_file("photos/a.jpg", path, "image/jpeg")
        url = await s3_store.presigned_url("photos/a.jpg", timedelta(minutes=5))
        assert "X-Amz-Signature=" in url and "X-Amz-Expires=300" in url
        async with aiohttp.ClientSession() as http, http.get(url) as answer:
            assert answer.status == 200 and await answer.read() == path.read_bytes()
