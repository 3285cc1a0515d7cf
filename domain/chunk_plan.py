"""The chunk planner for FILE_UPLOAD, valid whether TikTok's "MB" means 10^6 or 2^20.

TikTok's rules (facts file section 4.6): every chunk but the last is 5 to 64 MB;
the last chunk takes chunk_size plus the remainder and may reach 128 MB;
total_chunk_count = floor(video_size / chunk_size), from 1 to 1000; a video
under 5 MB is sent whole; a video over 64 MB must be chunked. The unit is not
documented, so the planner only produces sizes valid under both readings:
chunks of at least 5 MiB (5,242,880 B) and at most 64 MB (64,000,000 B), a last
chunk of at most 128 MB (128,000,000 B). See docs/adr/0006-chunk-size-unit.md.
"""

from __future__ import annotations

import enum

import attrs

from domain.errors import RuleViolation

MB = 1_000_000
MIB = 1_048_576

SAFE_MIN_CHUNK = 5 * MIB  # the larger of the two 5 MB readings
SAFE_MAX_CHUNK = 64 * MB  # the smaller of the two 64 MB readings
SAFE_MAX_LAST_CHUNK = 128 * MB
MAX_CHUNKS = 1000
MAX_VIDEO_BYTES = 4_000_000_000  # "up to 4 GB", the smaller reading
DEFAULT_CHUNK = 10 * MB


class MbUnit(enum.IntEnum):
    """The two readings of TikTok's "MB"."""

    DECIMAL = MB
    BINARY = MIB


@attrs.frozen
class ByteRange:
    """An inclusive, 0-based byte range of the video."""

    first: int
    last: int

    @property
    def length(self) -> int:
        return self.last - self.first + 1

    def content_range(self, total: int) -> str:
        return f"bytes {self.first}-{self.last}/{total}"


@attrs.frozen
class ChunkPlan:
    video_size: int
    chunk_size: int
    total_chunk_count: int

    @property
    def ranges(self) -> tuple[ByteRange, ...]:
        size, count, step = self.video_size, self.total_chunk_count, self.chunk_size
        ranges = [ByteRange(i * step, (i + 1) * step - 1) for i in range(count - 1)]
        ranges.append(ByteRange((count - 1) * step, size - 1))
        return tuple(ranges)

    def chunk_index_at(self, offset: int) -> int:
        """Index of the chunk that starts at ``offset`` (for resuming); raises if none does."""
        if offset % self.chunk_size or offset >= self.video_size:
            raise ValueError(f"no chunk starts at byte {offset}")
        return min(offset // self.chunk_size, self.total_chunk_count - 1)


class ChunkPlanError(ValueError):
    """The video cannot be uploaded in chunks (empty or too large)."""


def plan_chunks(video_size: int, preferred_chunk_size: int = DEFAULT_CHUNK) -> ChunkPlan:
    """A chunk plan valid under both unit readings."""
    if video_size <= 0:
        raise ChunkPlanError(f"video size must be positive, got {video_size}")
    if video_size > MAX_VIDEO_BYTES:
        raise ChunkPlanError(
            f"video is {video_size} bytes; TikTok accepts at most {MAX_VIDEO_BYTES} (4 GB)"
        )
    chunk = min(max(preferred_chunk_size, SAFE_MIN_CHUNK), SAFE_MAX_CHUNK)
    chunk = max(chunk, -(-video_size // MAX_CHUNKS))  # keep the count at 1000 or fewer
    if video_size > SAFE_MAX_CHUNK:
        chunk = min(chunk, video_size // 2)  # over 64 MB: at least two chunks
    elif video_size < 2 * chunk:
        return ChunkPlan(video_size, video_size, 1)  # one whole chunk, at most 64 MB
    return ChunkPlan(video_size, chunk, video_size // chunk)


def chunk_rule_violations(
    video_size: int, chunk_size: int, total_chunk_count: int, unit: MbUnit
) -> list[RuleViolation]:
    """Every TikTok chunk rule a declared upload breaks, under one reading of MB."""
    found: list[RuleViolation] = []

    def bad(code: str, field: str, message: str, value: object, limit: object) -> None:
        found.append(RuleViolation(code, field, message, value, limit))

    if video_size <= 0 or chunk_size <= 0:
        bad("size_not_positive", "video_size", "sizes must be positive", video_size, 1)
        return found
    if chunk_size > video_size:
        bad(
            "chunk_larger_than_video",
            "chunk_size",
            "is larger than the video",
            chunk_size,
            video_size,
        )
        return found
    expected = video_size // chunk_size
    if total_chunk_count != expected:
        bad(
            "chunk_count",
            "total_chunk_count",
            "must be floor(video_size / chunk_size)",
            total_chunk_count,
            expected,
        )
    if not 1 <= expected <= MAX_CHUNKS:
        bad("chunk_count_range", "total_chunk_count", "must be 1 to 1000", expected, MAX_CHUNKS)
    small, large = 5 * unit, 64 * unit
    if video_size < small and chunk_size != video_size:
        bad(
            "small_video_whole",
            "chunk_size",
            "a video under 5 MB must be sent whole",
            chunk_size,
            video_size,
        )
    if video_size > large and expected < 2:
        bad(
            "large_video_chunked",
            "chunk_size",
            "a video over 64 MB must be chunked",
            chunk_size,
            large,
        )
    if expected >= 2 and not small <= chunk_size <= large:
        bad(
            "chunk_size_range",
            "chunk_size",
            "chunks must be 5 to 64 MB",
            chunk_size,
            f"{small}..{large}",
        )
    last = video_size - (expected - 1) * chunk_size if expected >= 1 else video_size
    if last > 128 * unit:
        bad(
            "last_chunk_too_large",
            "chunk_size",
            "the last chunk may be at most 128 MB",
            last,
            128 * unit,
        )
    return found
