"""TikTok's FILE_UPLOAD chunk rules (facts file section 4.6), read by the sandbox itself.

Every chunk but the last is 5 to 64 MB; the last is chunk_size plus the trailing bytes,
up to 128 MB; total_chunk_count = floor(video_size / chunk_size), 1 to 1000; a video
under 5 MB goes whole; a video over 64 MB must be chunked; a video is at most 4 GB.
TikTok does not say whether MB is 10^6 or 2^20 bytes: ``MbReading`` picks, and ``both``
(the default) accepts only what is valid under each reading.
"""

from __future__ import annotations

from adapters.sandbox.settings import MbReading

DECIMAL_MB = 1_000_000
BINARY_MB = 1_048_576
MAX_CHUNKS = 1000


def megabytes(reading: MbReading) -> tuple[int, ...]:
    """The byte values one "MB" may take under a reading."""
    return {
        MbReading.DECIMAL: (DECIMAL_MB,),
        MbReading.BINARY: (BINARY_MB,),
        MbReading.BOTH: (DECIMAL_MB, BINARY_MB),
    }[reading]


def at_most(megabyte_count: int, reading: MbReading) -> int:
    """A documented "up to N MB" ceiling in bytes: the smallest the reading allows."""
    return min(megabyte_count * mb for mb in megabytes(reading))


def max_video_bytes(reading: MbReading) -> int:
    """ "Up to 4 GB": 4 * 10^9 or 4 * 2^30 bytes."""
    return min(4 * mb * (1000 if mb == DECIMAL_MB else 1024) for mb in megabytes(reading))


def plan_problem(size: int, chunk: int, count: int, reading: MbReading) -> str | None:
    """Why TikTok would refuse this declared upload (the first broken rule), or None."""
    if size > max_video_bytes(reading):
        return f"video_size exceeds {max_video_bytes(reading)} bytes (4 GB)"
    for mb in megabytes(reading):
        problem = _problem_under(size, chunk, count, mb)
        if problem is not None:
            return problem
    return None


def _problem_under(size: int, chunk: int, count: int, mb: int) -> str | None:
    chunks = size // chunk
    unit = "MB" if mb == DECIMAL_MB else "MiB"
    if count != chunks:
        return f"total_chunk_count must be floor(video_size / chunk_size) = {chunks}"
    if not 1 <= chunks <= MAX_CHUNKS:
        return f"total_chunk_count must be 1 to {MAX_CHUNKS}, not {chunks}"
    if size < 5 * mb and chunk != size:
        return f"chunk_size: a video under 5 {unit} is sent whole (chunk_size = video_size)"
    if size > 64 * mb and chunks < 2:
        return f"chunk_size: a video over 64 {unit} must be sent in several chunks"
    if chunks >= 2 and not 5 * mb <= chunk <= 64 * mb:
        return f"chunk_size: every chunk but the last is 5 to 64 {unit}, not {chunk} bytes"
    last = size - (chunks - 1) * chunk
    if last > 128 * mb:
        return f"chunk_size: the last chunk ({last} bytes) exceeds 128 {unit}"
    return None
