"""Object storage on S3-compatible services (DigitalOcean Spaces, AWS S3, MinIO) with
aiobotocore: multipart puts streamed from disk, ranged streaming reads, SigV4 links."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

import attrs
from aiobotocore.config import AioConfig
from aiobotocore.session import get_session
from botocore.exceptions import ClientError

from application.errors import NotFound, UpstreamUnavailable
from application.ports import ObjectInfo
from domain.media_key import MediaKey

PROBE_URL_LIFETIME = timedelta(minutes=15)

PART_SIZE = 8 * 1024 * 1024  # S3's minimum part is 5 MiB; memory holds one part
READ_BUFFER = 1024 * 1024
MISSING = {"404", "NoSuchKey", "NotFound"}


@attrs.frozen
class S3Settings:
    bucket: str
    endpoint_url: str | None = None  # e.g. https://nyc3.digitaloceanspaces.com
    region: str = "us-east-1"
    access_key_id: str | None = attrs.field(default=None, repr=False)
    secret_access_key: str | None = attrs.field(default=None, repr=False)
    path_style: bool = False  # MinIO and moto want path-style addressing


class S3ObjectStore:
    def __init__(
        self,
        client: Any,
        bucket: str,
        *,
        part_size: int = PART_SIZE,
        buffer_size: int = READ_BUFFER,
    ) -> None:
        self.client = client
        self.bucket = bucket
        self.part_size = part_size
        self.buffer_size = buffer_size

    @classmethod
    @contextlib.asynccontextmanager
    async def connect(cls, settings: S3Settings) -> AsyncIterator[S3ObjectStore]:
        config = AioConfig(
            signature_version="s3v4",
            retries={"max_attempts": 5},
            s3={"addressing_style": "path" if settings.path_style else "auto"},
        )
        async with get_session().create_client(
            "s3",
            endpoint_url=settings.endpoint_url,
            region_name=settings.region,
            aws_access_key_id=settings.access_key_id,
            aws_secret_access_key=settings.secret_access_key,
            config=config,
        ) as client:
            yield cls(client, settings.bucket)

    async def put_file(
        self, key: str, path: Path, content_type: str, progress: Callable[[int], None] | None = None
    ) -> ObjectInfo:
        MediaKey.parse(key)
        size = (await asyncio.to_thread(path.stat)).st_size
        try:
            if size <= self.part_size:
                data = await asyncio.to_thread(path.read_bytes)
                await self.client.put_object(
                    Bucket=self.bucket, Key=key, Body=data, ContentType=content_type
                )
                if progress is not None:
                    progress(size)
            else:
                await self._multipart(key, path, size, content_type, progress)
        except ClientError as exc:
            raise UpstreamUnavailable(f"object storage refused {key!r}: {_code(exc)}") from None
        return ObjectInfo(key, size, content_type)

    async def _multipart(
        self,
        key: str,
        path: Path,
        size: int,
        content_type: str,
        progress: Callable[[int], None] | None,
    ) -> None:
        upload = await self.client.create_multipart_upload(
            Bucket=self.bucket, Key=key, ContentType=content_type
        )
        upload_id = upload["UploadId"]
        parts = []
        try:
            with path.open("rb") as handle:
                number = 1
                while block := await asyncio.to_thread(handle.read, self.part_size):
                    answer = await self.client.upload_part(
                        Bucket=self.bucket,
                        Key=key,
                        UploadId=upload_id,
                        PartNumber=number,
                        Body=block,
                    )
                    parts.append({"ETag": answer["ETag"], "PartNumber": number})
                    if progress is not None:
                        progress(min(number * self.part_size, size))
                    number += 1
            await self.client.complete_multipart_upload(
                Bucket=self.bucket, Key=key, UploadId=upload_id, MultipartUpload={"Parts": parts}
            )
        except BaseException:
            with contextlib.suppress(ClientError):
                await self.client.abort_multipart_upload(
                    Bucket=self.bucket, Key=key, UploadId=upload_id
                )
            raise

    async def head(self, key: str) -> ObjectInfo:
        MediaKey.parse(key)
        try:
            answer = await self.client.head_object(Bucket=self.bucket, Key=key)
        except ClientError as exc:
            if _code(exc) in MISSING:
                raise NotFound("object", key) from None
            raise UpstreamUnavailable(f"object storage: {_code(exc)}") from None
        return ObjectInfo(
            key, int(answer["ContentLength"]), answer.get("ContentType", "application/octet-stream")
        )

    async def read_range(self, key: str, start: int, end: int) -> AsyncIterator[bytes]:
        MediaKey.parse(key)
        try:
            answer = await self.client.get_object(
                Bucket=self.bucket, Key=key, Range=f"bytes={start}-{end}"
            )
        except ClientError as exc:
            if _code(exc) in MISSING:
                raise NotFound("object", key) from None
            raise UpstreamUnavailable(f"object storage: {_code(exc)}") from None
        async with answer["Body"] as body:
            while block := await body.read(self.buffer_size):
                yield block

    async def presigned_url(self, key: str, expires_in: timedelta) -> str:
        await self.head(key)
        url: str = await self.client.generate_presigned_url(
            "get_object",
            Params={"Bucket": self.bucket, "Key": key},
            ExpiresIn=int(expires_in.total_seconds()),
        )
        return url

    async def probe_locator(self, key: str) -> str:
        return await self.presigned_url(key, PROBE_URL_LIFETIME)

    async def delete(self, key: str) -> None:
        MediaKey.parse(key)
        with contextlib.suppress(ClientError):
            await self.client.delete_object(Bucket=self.bucket, Key=key)


def _code(exc: ClientError) -> str:
    return str(exc.response.get("Error", {}).get("Code", "unknown"))
