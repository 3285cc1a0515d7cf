"""TikTok's media rules over probed facts: hard rules are errors, advice is warnings."""

from __future__ import annotations

import enum

import attrs

from domain.chunk_plan import MAX_VIDEO_BYTES

VIDEO_CONTAINERS = frozenset({"mp4", "mov", "webm"})
VIDEO_CODECS = frozenset({"h264", "hevc", "vp8", "vp9"})
FPS_MIN, FPS_MAX = 23.0, 60.0
SIDE_MIN, SIDE_MAX = 360, 4096
DURATION_ADVICE_MIN_S = 1.0  # not stated by TikTok; third-party guides give 1 s, so a warning
DURATION_MAX_S = 600.0  # the Upload endpoint's ceiling (10 min)
RECOMMENDED_MIN = (720, 1280)
BEST = (1080, 1920)
BITRATE_ADVICE_MIN = 516_000  # third-party guidance only, so warnings
BITRATE_ADVICE_MAX = 20_000_000
PHOTO_FORMATS = frozenset({"jpeg", "webp"})
PHOTO_MAX_BYTES = 20_000_000  # "up to 20 MB", the smaller reading
PHOTO_MAX_LONG_SIDE, PHOTO_MAX_SHORT_SIDE = 1920, 1080  # "up to 1080p"


class Severity(enum.StrEnum):
    ERROR = "error"  # TikTok would reject the file
    WARNING = "warning"  # TikTok recommends otherwise


@attrs.frozen
class MediaIssue:
    severity: Severity
    code: str
    field: str
    value: object
    limit: object
    message: str
    fail_reason: str | None = None  # the TikTok fail_reason this would cause

    def describe(self, file: str = "") -> str:
        where = f"{file}: " if file else ""
        return f"{where}{self.field} {self.message} (value {self.value}, limit {self.limit})"


@attrs.frozen
class VideoFacts:
    """What the probe found in a video file."""

    size_bytes: int
    container: str | None
    video_codec: str | None
    audio_codec: str | None
    duration_s: float | None
    width: int | None
    height: int | None
    fps: float | None
    bitrate: int | None = None
    rotation: int = 0

    @property
    def display_size(self) -> tuple[int, int] | None:
        """Width and height as shown, after the rotation tag is applied."""
        if self.width is None or self.height is None:
            return None
        if self.rotation % 180:
            return self.height, self.width
        return self.width, self.height


@attrs.frozen
class PhotoFacts:
    size_bytes: int
    format: str | None
    width: int | None
    height: int | None


def _error(
    code: str, field: str, value: object, limit: object, message: str, fail_reason: str | None
) -> MediaIssue:
    return MediaIssue(Severity.ERROR, code, field, value, limit, message, fail_reason)


def _warning(code: str, field: str, value: object, limit: object, message: str) -> MediaIssue:
    return MediaIssue(Severity.WARNING, code, field, value, limit, message)


def check_video(
    facts: VideoFacts, *, max_duration_s: float | None = None
) -> tuple[MediaIssue, ...]:
    """Errors and warnings for a video; ``max_duration_s`` is the creator's limit if known."""
    issues: list[MediaIssue] = []
    fmt = "file_format_check_failed"
    if facts.size_bytes > MAX_VIDEO_BYTES:
        issues.append(
            _error(
                "video_too_large",
                "size",
                facts.size_bytes,
                MAX_VIDEO_BYTES,
                "is larger than TikTok's 4 GB limit",
                fmt,
            )
        )
    if facts.container not in VIDEO_CONTAINERS:
        issues.append(
            _error(
                "container_unsupported",
                "container",
                facts.container,
                "mp4, mov or webm",
                "is not a container TikTok accepts",
                fmt,
            )
        )
    if facts.video_codec is None:
        issues.append(
            _error(
                "no_video_stream",
                "video_codec",
                None,
                "one video stream",
                "is missing: the file has no video stream",
                fmt,
            )
        )
        return tuple(issues)
    if facts.video_codec not in VIDEO_CODECS:
        issues.append(
            _error(
                "codec_unsupported",
                "video_codec",
                facts.video_codec,
                "h264, hevc, vp8 or vp9",
                "is not a codec TikTok accepts",
                fmt,
            )
        )
    issues += _duration(facts.duration_s, max_duration_s)
    if facts.fps is None or not FPS_MIN <= facts.fps <= FPS_MAX:
        issues.append(
            _error(
                "fps_out_of_range",
                "fps",
                _round(facts.fps),
                f"{FPS_MIN:g}-{FPS_MAX:g}",
                "is outside TikTok's frame-rate range",
                "frame_rate_check_failed",
            )
        )
    issues += _picture(facts)
    issues += _video_advice(facts)
    return tuple(issues)


def _duration(duration: float | None, creator_max: float | None) -> list[MediaIssue]:
    reason = "duration_check_failed"
    if duration is None or duration <= 0:
        return [
            _error("duration_unknown", "duration", duration, "known", "could not be read", reason)
        ]
    limit = DURATION_MAX_S if creator_max is None else min(DURATION_MAX_S, creator_max)
    if duration > limit:
        who = (
            "TikTok's 10 min upload limit"
            if creator_max is None or creator_max >= DURATION_MAX_S
            else "this creator's max_video_post_duration_sec"
        )
        return [
            _error(
                "duration_too_long",
                "duration",
                _round(duration),
                limit,
                f"is longer than {who}",
                reason,
            )
        ]
    if duration < DURATION_ADVICE_MIN_S:
        return [
            _warning(
                "duration_below_advice",
                "duration",
                _round(duration),
                DURATION_ADVICE_MIN_S,
                "is shorter than the 1 s guides advise (TikTok states no minimum)",
            )
        ]
    return []


def _picture(facts: VideoFacts) -> list[MediaIssue]:
    size = facts.display_size
    if size is None:
        return [
            _error(
                "resolution_unknown",
                "resolution",
                None,
                f"{SIDE_MIN}-{SIDE_MAX} px",
                "could not be read",
                "picture_size_check_failed",
            )
        ]
    width, height = size
    issues = [
        _error(
            "resolution_out_of_range",
            side,
            value,
            f"{SIDE_MIN}-{SIDE_MAX} px",
            "is outside TikTok's picture-size range",
            "picture_size_check_failed",
        )
        for side, value in (("width", width), ("height", height))
        if not SIDE_MIN <= value <= SIDE_MAX
    ]
    if issues:
        return issues
    if width * 16 != height * 9:
        issues.append(
            _warning(
                "aspect_not_9_16",
                "aspect",
                f"{width}x{height}",
                "9:16",
                "is not vertical 9:16, which TikTok recommends",
            )
        )
    short_side, long_side = sorted((width, height))  # 1920x1080 landscape is 1080p
    if short_side < RECOMMENDED_MIN[0] or long_side < RECOMMENDED_MIN[1]:
        issues.append(
            _warning(
                "resolution_below_720p",
                "resolution",
                f"{width}x{height}",
                "720x1280",
                "is below the recommended minimum",
            )
        )
    elif (width, height) != BEST and width * 16 == height * 9 and width < BEST[0]:
        issues.append(
            _warning(
                "resolution_not_best",
                "resolution",
                f"{width}x{height}",
                "1080x1920",
                "is below 1080x1920, which looks best",
            )
        )
    return issues


def _video_advice(facts: VideoFacts) -> list[MediaIssue]:
    issues: list[MediaIssue] = []
    if facts.audio_codec is None:
        issues.append(
            _warning("no_audio", "audio_codec", None, "aac", "is missing: the video is silent")
        )
    elif facts.audio_codec != "aac":
        issues.append(
            _warning(
                "audio_not_aac",
                "audio_codec",
                facts.audio_codec,
                "aac",
                "is not AAC, which TikTok recommends",
            )
        )
    if facts.video_codec in VIDEO_CODECS and facts.video_codec != "h264":
        issues.append(
            _warning(
                "codec_not_h264",
                "video_codec",
                facts.video_codec,
                "h264",
                "is accepted, but H.264 is recommended",
            )
        )
    if facts.container != "mp4" and facts.container in VIDEO_CONTAINERS:
        issues.append(
            _warning(
                "container_not_mp4",
                "container",
                facts.container,
                "mp4",
                "is accepted, but MP4 is recommended",
            )
        )
    if facts.bitrate is not None and not BITRATE_ADVICE_MIN <= facts.bitrate <= BITRATE_ADVICE_MAX:
        issues.append(
            _warning(
                "bitrate_outside_advice",
                "bitrate",
                facts.bitrate,
                f"{BITRATE_ADVICE_MIN}-{BITRATE_ADVICE_MAX} bit/s",
                "is outside the range guides recommend",
            )
        )
    return issues


def check_photo(facts: PhotoFacts) -> tuple[MediaIssue, ...]:
    issues: list[MediaIssue] = []
    if facts.format not in PHOTO_FORMATS:
        issues.append(
            _error(
                "photo_format_unsupported",
                "format",
                facts.format,
                "jpeg or webp",
                "is not a photo format TikTok accepts",
                "file_format_check_failed",
            )
        )
    if facts.size_bytes > PHOTO_MAX_BYTES:
        issues.append(
            _error(
                "photo_too_large",
                "size",
                facts.size_bytes,
                PHOTO_MAX_BYTES,
                "is larger than 20 MB",
                "file_format_check_failed",
            )
        )
    if facts.width is None or facts.height is None:
        issues.append(
            _error(
                "photo_resolution_unknown",
                "resolution",
                None,
                "at most 1080p",
                "could not be read",
                "picture_size_check_failed",
            )
        )
    else:
        long_side, short_side = max(facts.width, facts.height), min(facts.width, facts.height)
        if long_side > PHOTO_MAX_LONG_SIDE or short_side > PHOTO_MAX_SHORT_SIDE:
            issues.append(
                _error(
                    "photo_over_1080p",
                    "resolution",
                    f"{facts.width}x{facts.height}",
                    "1920x1080 (1080p)",
                    "is larger than 1080p",
                    "picture_size_check_failed",
                )
            )
    return tuple(issues)


def errors_only(issues: tuple[MediaIssue, ...]) -> tuple[MediaIssue, ...]:
    return tuple(issue for issue in issues if issue.severity is Severity.ERROR)


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 3)
