"""TikTok's media checks after upload or download (facts file sections 4.10 and 4.13),
over what the sandbox's probe read: every broken rule, as the fail_reason it causes.

Videos: MP4, WebM or MOV; H.264, H.265, VP8 or VP9; 23 to 60 fps; each side 360 to
4096 px; at most 10 min and at most the creator's ``max_video_post_duration_sec``; at
most 4 GB. Photos: JPEG or WebP, at most 20 MB, at most 1080p. TikTok documents no
minimum duration and no bitrate or audio rule, so the sandbox checks none.
"""

from __future__ import annotations

import attrs

from adapters.sandbox.chunk_rules import at_most, max_video_bytes
from adapters.sandbox.settings import MbReading

CONTAINERS = frozenset({"mp4", "mov", "webm"})
CODECS = frozenset({"h264", "hevc", "vp8", "vp9"})
MIN_FPS, MAX_FPS = 23.0, 60.0
MIN_SIDE, MAX_SIDE = 360, 4096
UPLOAD_MAX_SECONDS = 600.0  # the most a developer can send through the Upload endpoints
PHOTO_FORMATS = frozenset({"jpeg", "webp"})
PHOTO_MAX_MB = 20
FULL_HD = (1920, 1080)  # "up to 1080p": the long side at most 1920, the short at most 1080

FORMAT = "file_format_check_failed"
DURATION = "duration_check_failed"
FRAME_RATE = "frame_rate_check_failed"
PICTURE = "picture_size_check_failed"


@attrs.frozen
class VideoFile:
    """What the probe read from a video (None: could not be read)."""

    size: int
    container: str | None
    codec: str | None
    seconds: float | None
    width: int | None
    height: int | None
    fps: float | None


@attrs.frozen
class PhotoFile:
    size: int
    format: str | None
    width: int | None
    height: int | None


def video_fail_reasons(
    video: VideoFile, *, creator_max_seconds: int, reading: MbReading = MbReading.BOTH
) -> tuple[str, ...]:
    """Every fail_reason the video earns, in TikTok's reporting order (empty: it posts)."""
    reasons: list[str] = []
    if (
        video.size > max_video_bytes(reading)
        or video.container not in CONTAINERS
        or video.codec not in CODECS
    ):
        reasons.append(FORMAT)
    if video.codec is None:  # no picture: nothing else can be judged
        return tuple(reasons)
    limit = min(UPLOAD_MAX_SECONDS, creator_max_seconds)
    if video.seconds is None or not 0 < video.seconds <= limit:
        reasons.append(DURATION)
    if video.fps is None or not MIN_FPS <= video.fps <= MAX_FPS:
        reasons.append(FRAME_RATE)
    sides = (video.width, video.height)
    if any(side is None or not MIN_SIDE <= side <= MAX_SIDE for side in sides):
        reasons.append(PICTURE)
    return tuple(reasons)


def photo_fail_reasons(photo: PhotoFile, reading: MbReading = MbReading.BOTH) -> tuple[str, ...]:
    reasons: list[str] = []
    if photo.format not in PHOTO_FORMATS or photo.size > at_most(PHOTO_MAX_MB, reading):
        reasons.append(FORMAT)
    if (
        photo.width is None
        or photo.height is None
        or max(photo.width, photo.height) > FULL_HD[0]
        or min(photo.width, photo.height) > FULL_HD[1]
    ):
        reasons.append(PICTURE)
    return tuple(reasons)
