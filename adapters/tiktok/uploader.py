"""Streamed, sequential chunk upload with retries, 416 resumption and progress.

Each chunk's body is an async generator over the object store's ranged read, sent with
an explicit Content-Length: the process holds one read buffer at a time, never a chunk.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import AsyncIterator, Callable
from typing import TYPE_CHECKING

from adapters.tiktok.config import TikTokClientConfig, backoff_delay
from adapters.tiktok.errors import client_error, upload_error
from application.ports.tiktok import ProgressCallback
from domain.chunk_plan import ByteRange, ChunkPlan

if TYPE_CHECKING:
    from adapters.system.http_session import HttpSession

PROGRESS = re.compile(r"bytes\s+0-(\d+)/(\d+)")
RangeReader = Callable[[int, int], AsyncIterator[bytes]]


def resume_index(plan: ChunkPlan, header: str | None) -> int | None:
    """The chunk to send next, from the progress TikTok reports after a 416.

    TikTok does not say whether the upper number is the last byte's index or a byte
    count, so both readings are tried; only a chunk boundary (or the end) is accepted.
    """
    match = PROGRESS.search(header or "")
    if match is None:
        return None
    upper = int(match.group(1))
    for received in (upper + 1, upper):
        if received == plan.video_size:
            return plan.total_chunk_count
        try:
            return plan.chunk_index_at(received)
        except ValueError:
            continue
    return None


class ChunkUploader:
    def __init__(self, session: HttpSession, config: TikTokClientConfig) -> None:
        self.session = session
        self.config = config

    async def upload(
        self,
        upload_url: str,
        *,
        plan: ChunkPlan,
        read_range: RangeReader,
        content_type: str,
        progress: ProgressCallback | None = None,
    ) -> None:
        ranges = plan.ranges
        index = 0
        while index < len(ranges):
            index = await self._send_chunk(upload_url, plan, index, read_range, content_type)
            if progress is not None:  # bytes TikTok has acknowledged
                progress(plan.video_size if index >= len(ranges) else ranges[index].first)

    async def _send_chunk(
        self,
        upload_url: str,
        plan: ChunkPlan,
        index: int,
        read_range: RangeReader,
        content_type: str,
    ) -> int:
        """Send chunk ``index`` (retrying); returns the index of the chunk to send next."""
        import aiohttp  # here, not at import: a worker's start does not load aiohttp

        chunk = plan.ranges[index]
        final = index == plan.total_chunk_count - 1
        last_problem = ""
        for attempt in range(1, self.config.chunk_attempts + 1):
            try:
                status, reported = await self._put(
                    upload_url, chunk, plan.video_size, read_range, content_type
                )
            except (TimeoutError, aiohttp.ClientError) as exc:
                status, reported, last_problem = None, None, type(exc).__name__
            if status in (200, 201, 206):
                return index + 1
            if status == 416:
                resumed = resume_index(plan, reported)
                if resumed is None:
                    raise upload_error(416, f"cannot resume from {reported!r}")
                return resumed
            if status in (400, 403, 404):
                raise upload_error(status, f"chunk {index + 1}/{plan.total_chunk_count}")
            if status is not None:
                last_problem = f"HTTP {status}"
            if attempt < self.config.chunk_attempts:
                await asyncio.sleep(backoff_delay(self.config, attempt))
        detail = f"chunk {index + 1}/{plan.total_chunk_count} failed: {last_problem}"
        if final:  # TikTok may have the whole video and be posting it
            raise client_error("upload_outcome_unknown", detail)
        if last_problem.startswith("HTTP"):
            raise upload_error(int(last_problem[5:]), detail)
        raise client_error("timeout" if "Timeout" in last_problem else "network_error", detail)

    async def _put(
        self,
        upload_url: str,
        chunk: ByteRange,
        total: int,
        read_range: RangeReader,
        content_type: str,
    ) -> tuple[int, str | None]:
        import aiohttp

        headers = {
            "Content-Type": content_type,
            "Content-Length": str(chunk.length),
            "Content-Range": chunk.content_range(total),
        }
        timeout = aiohttp.ClientTimeout(
            total=self.config.chunk_timeout_s,
            connect=self.config.connect_timeout_s,
            sock_read=self.config.read_timeout_s,
        )
        async with self.session.put(
            upload_url, data=read_range(chunk.first, chunk.last), headers=headers, timeout=timeout
        ) as response:
            await response.read()
            return response.status, response.headers.get("Content-Range")
