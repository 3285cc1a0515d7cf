"""Media rules: hard limits are errors naming field, value and limit; advice is a warning."""

from __future__ import annotations

import attrs
import pytest

from domain.media_rules import (
    PhotoFacts,
    Severity,
    VideoFacts,
    check_photo,
    check_video,
    errors_only,
)

GOOD = VideoFacts(
    size_bytes=30_000_000,
    container="mp4",
    video_codec="h264",
    audio_codec="aac",
    duration_s=30.0,
    width=1080,
    height=1920,
    fps=30.0,
    bitrate=8_000_000,
)


def codes(issues: tuple[object, ...]) -> set[str]:
    return {i.code for i in issues}  # type: ignore[attr-defined]


def test_a_1080x1920_h264_aac_mp4_has_no_issues() -> None:
    assert check_video(GOOD) == ()


@pytest.mark.parametrize(
    ("change", "code", "field", "fail_reason"),
    [
        ({"container": "avi"}, "container_unsupported", "container", "file_format_check_failed"),
        ({"video_codec": "mpeg4"}, "codec_unsupported", "video_codec", "file_format_check_failed"),
        ({"video_codec": None}, "no_video_stream", "video_codec", "file_format_check_failed"),
        ({"fps": 15.0}, "fps_out_of_range", "fps", "frame_rate_check_failed"),
        ({"fps": 61.0}, "fps_out_of_range", "fps", "frame_rate_check_failed"),
        ({"duration_s": 0.0}, "duration_unknown", "duration", "duration_check_failed"),
        ({"duration_s": 601.0}, "duration_too_long", "duration", "duration_check_failed"),
        ({"duration_s": None}, "duration_unknown", "duration", "duration_check_failed"),
        (
            {"width": 300, "height": 534},
            "resolution_out_of_range",
            "width",
            "picture_size_check_failed",
        ),
        (
            {"width": 2160, "height": 4100},
            "resolution_out_of_range",
            "height",
            "picture_size_check_failed",
        ),
        ({"size_bytes": 4_000_000_001}, "video_too_large", "size", "file_format_check_failed"),
    ],
)
def test_hard_rules_are_errors(
    change: dict[str, object], code: str, field: str, fail_reason: str
) -> None:
    issues = errors_only(check_video(attrs.evolve(GOOD, **change)))
    match = [i for i in issues if i.code == code]
    assert match, issues
    issue = match[0]
    assert issue.field == field and issue.fail_reason == fail_reason
    assert issue.limit is not None
    text = issue.describe("clip.mp4")
    assert text.startswith("clip.mp4: ") and "limit" in text


def test_the_creators_max_duration_is_the_limit() -> None:
    issues = check_video(attrs.evolve(GOOD, duration_s=90.0), max_duration_s=60)
    (issue,) = errors_only(issues)
    assert (issue.code, issue.value, issue.limit) == ("duration_too_long", 90.0, 60)


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"width": 1920, "height": 1080}, "aspect_not_9_16"),
        ({"width": 540, "height": 960}, "resolution_below_720p"),
        ({"width": 720, "height": 1280}, "resolution_not_best"),
        ({"audio_codec": "mp3"}, "audio_not_aac"),
        ({"audio_codec": None}, "no_audio"),
        ({"video_codec": "hevc"}, "codec_not_h264"),
        ({"container": "webm", "video_codec": "vp9"}, "container_not_mp4"),
        ({"bitrate": 100_000}, "bitrate_outside_advice"),
    ],
)
def test_recommendations_are_warnings(change: dict[str, object], code: str) -> None:
    issues = check_video(attrs.evolve(GOOD, **change))
    assert code in codes(issues)
    assert errors_only(issues) == ()
    assert all(i.severity is Severity.WARNING for i in issues)


def test_every_violation_is_reported_at_once() -> None:
    bad = attrs.evolve(GOOD, container="avi", video_codec="mpeg4", fps=10.0, duration_s=601.0)
    assert codes(errors_only(check_video(bad))) >= {
        "container_unsupported",
        "codec_unsupported",
        "fps_out_of_range",
        "duration_too_long",
    }


def test_a_video_under_one_second_is_only_warned() -> None:
    """TikTok's facts state no minimum duration; the 1 s comes from third-party guides."""
    issues = check_video(attrs.evolve(GOOD, duration_s=0.5))
    assert errors_only(issues) == ()
    assert "duration_below_advice" in codes(issues)
    assert "duration_below_advice" not in codes(check_video(attrs.evolve(GOOD, duration_s=1.0)))


def test_photo_rules() -> None:
    ok = PhotoFacts(size_bytes=2_000_000, format="jpeg", width=1080, height=1920)
    assert check_photo(ok) == ()
    assert codes(check_photo(attrs.evolve(ok, format="png"))) == {"photo_format_unsupported"}
    assert codes(check_photo(attrs.evolve(ok, size_bytes=20_000_001))) == {"photo_too_large"}
    assert codes(check_photo(attrs.evolve(ok, width=2160, height=3840))) == {"photo_over_1080p"}
    assert codes(check_photo(attrs.evolve(ok, width=None))) == {"photo_resolution_unknown"}


@pytest.mark.parametrize(
    ("width", "height", "below"),
    [(1920, 1080, False), (1080, 1920, False), (1280, 720, False), (960, 540, True)],
)
def test_the_720p_advice_compares_the_shorter_side(width: int, height: int, below: bool) -> None:
    issues = check_video(attrs.evolve(GOOD, width=width, height=height))
    assert ("resolution_below_720p" in codes(issues)) is below
