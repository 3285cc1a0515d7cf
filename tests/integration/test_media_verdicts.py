"""The probe and TikTok's media rules give the right verdict for real, generated media."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from adapters.media import sample_media as sm
from adapters.media.pyav_probe import PyAvProbe
from application.errors import MediaUnreadable
from domain.media_rules import Severity, check_photo, check_video

SMALL = {"width": 720, "height": 1280}
Maker = Callable[[Path], Path]

# name, how to make it, the error codes expected (empty: accepted), warnings expected
VIDEOS: list[tuple[str, Maker, set[str], set[str]]] = [
    ("good_1080x1920.mp4", lambda p: sm.make_video(p, seconds=1.5), set(), set()),
    (
        "good_720x1280.mp4",
        lambda p: sm.make_video(p, **SMALL, seconds=1.5),
        set(),
        {"resolution_not_best"},
    ),
    (
        "good_60fps.mp4",
        lambda p: sm.make_video(p, **SMALL, fps=60, seconds=1.2),
        set(),
        {"resolution_not_best"},
    ),
    (
        "good.mov",
        lambda p: sm.make_video(p, **SMALL, seconds=1.2),
        set(),
        {"container_not_mp4", "resolution_not_best"},
    ),
    (
        "good_vp9.webm",
        lambda p: sm.make_video(
            p, **SMALL, seconds=1.2, video_codec="libvpx-vp9", audio_codec="libopus"
        ),
        set(),
        {"container_not_mp4", "codec_not_h264", "audio_not_aac"},
    ),
    (
        "silent.mp4",
        lambda p: sm.make_video(p, **SMALL, seconds=1.2, audio_codec=None),
        set(),
        {"no_audio"},
    ),
    (
        "landscape.mp4",
        lambda p: sm.make_video(p, width=1280, height=720, seconds=1.2),
        set(),
        {"aspect_not_9_16"},
    ),
    (
        "square_400.mp4",
        lambda p: sm.make_video(p, width=400, height=400, seconds=1.2),
        set(),
        {"aspect_not_9_16", "resolution_below_720p"},
    ),
    (
        "too_short.mp4",
        lambda p: sm.make_video(p, **SMALL, seconds=0.5),
        set(),
        {"duration_below_advice"},
    ),
    (
        "fps_15.mp4",
        lambda p: sm.make_video(p, **SMALL, fps=15, seconds=1.5),
        {"fps_out_of_range"},
        set(),
    ),
    (
        "fps_5.mp4",
        lambda p: sm.make_video(p, **SMALL, fps=5, seconds=2),
        {"fps_out_of_range"},
        set(),
    ),
    (
        "tiny_200.mp4",
        lambda p: sm.make_video(p, width=200, height=200, seconds=1.2),
        {"resolution_out_of_range"},
        set(),
    ),
    (
        "mpeg4_part2.mp4",
        lambda p: sm.make_video(p, **SMALL, seconds=1.2, video_codec="mpeg4"),
        {"codec_unsupported"},
        set(),
    ),
    (
        "avi_container.avi",
        lambda p: sm.make_video(p, **SMALL, seconds=1.2, video_codec="mpeg4", audio_codec=None),
        {"container_unsupported", "codec_unsupported"},
        set(),
    ),
    ("audio_only.mp4", lambda p: sm.make_audio_only(p), {"no_video_stream"}, set()),
]
UNREADABLE: list[tuple[str, Maker]] = [
    ("truncated.mp4", lambda p: sm.truncate(sm.make_video(p, **SMALL, seconds=1.2), 0.05)),
    ("random_bytes.mp4", lambda p: sm.make_random(p)),
    ("corrupt_header.mp4", lambda p: sm.make_corrupt(p)),
]
PHOTOS: list[tuple[str, Maker, set[str]]] = [
    ("good.jpg", lambda p: sm.make_photo(p), set()),
    ("good.webp", lambda p: sm.make_photo(p), set()),
    ("png.png", lambda p: sm.make_photo(p), {"photo_format_unsupported"}),
    ("huge_5000.jpg", lambda p: sm.make_photo(p, width=5000, height=5000), {"photo_over_1080p"}),
]


@pytest.mark.parametrize(("name", "make", "errors", "warnings"), VIDEOS, ids=[v[0] for v in VIDEOS])
async def test_video_verdicts(
    tmp_path: Path, name: str, make: Maker, errors: set[str], warnings: set[str]
) -> None:
    path = make(tmp_path / name)
    facts = await PyAvProbe().probe_video(str(path), path.stat().st_size)
    issues = check_video(facts)
    found_errors = {i.code for i in issues if i.severity is Severity.ERROR}
    found_warnings = {i.code for i in issues if i.severity is Severity.WARNING}
    assert found_errors == errors, issues
    assert warnings <= found_warnings, issues


def test_the_creators_limit_makes_a_long_video_fail(tmp_path: Path) -> None:
    from adapters.media.pyav_probe import probe_video_sync

    path = sm.make_video(tmp_path / "long.mp4", **SMALL, seconds=3)
    facts = probe_video_sync(str(path), path.stat().st_size)
    assert not [i for i in check_video(facts, max_duration_s=60) if i.code.startswith("dur")]
    (issue,) = [i for i in check_video(facts, max_duration_s=2) if i.code.startswith("dur")]
    assert (issue.code, issue.value, issue.limit) == ("duration_too_long", 3.0, 2)


@pytest.mark.parametrize(("name", "make"), UNREADABLE, ids=[u[0] for u in UNREADABLE])
async def test_unreadable_files_are_a_specific_error(
    tmp_path: Path, name: str, make: Maker
) -> None:
    path = make(tmp_path / name)
    with pytest.raises(MediaUnreadable) as caught:
        await PyAvProbe().probe_video(str(path), path.stat().st_size)
    assert name in str(caught.value) and caught.value.reason


@pytest.mark.parametrize(("name", "make", "errors"), PHOTOS, ids=[p[0] for p in PHOTOS])
async def test_photo_verdicts(tmp_path: Path, name: str, make: Maker, errors: set[str]) -> None:
    path = make(tmp_path / name)
    facts = await PyAvProbe().probe_photo(str(path), path.stat().st_size)
    assert {i.code for i in check_photo(facts)} == errors


async def test_the_probe_reads_from_a_url(tmp_path: Path) -> None:
    """Presigned links are URLs: the probe opens them directly (FFmpeg's HTTP reader)."""
    from aiohttp import web
    from aiohttp.test_utils import TestServer

    path = sm.pad_to(sm.make_video(tmp_path / "big.mp4", **SMALL, seconds=1), 40_000_000)
    app = web.Application()
    app.router.add_static("/m/", tmp_path)
    server = TestServer(app, port=0)
    await server.start_server()
    try:
        facts = await PyAvProbe().probe_video(
            str(server.make_url("/m/big.mp4?sig=x")), path.stat().st_size
        )
    finally:
        await server.close()
    assert (facts.video_codec, facts.width, facts.size_bytes) == ("h264", 720, 40_000_000)
