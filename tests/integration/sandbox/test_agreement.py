"""Our pre-flight (domain.media_rules, domain.chunk_plan) and the sandbox agree.

The sandbox implements TikTok's rules on its own, from the facts file, so a wrong rule
on either side shows up here as a disagreement; the facts file says which side is wrong.
Four tables: media described by metadata (both rule sets judge the same description),
small real files (each side probes them its own way; the sandbox over HTTP), chunk plans
declared at the sandbox's init endpoint (nothing is uploaded), and text lengths and photo
counts declared there too.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import attrs
import pytest

from adapters.media import sample_media as sm
from adapters.media.pyav_probe import PyAvProbe
from adapters.sandbox.media_checks import PhotoFile, VideoFile, photo_fail_reasons
from adapters.sandbox.media_checks import video_fail_reasons as sandbox_video_reasons
from adapters.sandbox.settings import MbReading
from domain.chunk_plan import MAX_VIDEO_BYTES, MbUnit, chunk_rule_violations, plan_chunks
from domain.media_rules import PhotoFacts, VideoFacts, check_photo, check_video, errors_only
from domain.post_content import (
    MediaKind,
    PhotoMedia,
    PostContent,
    PostSettings,
    PrivacyLevel,
    VideoMedia,
    content_violations,
)
from tests.integration.sandbox.harness import Tik, file_init_body

INIT = "/v2/post/publish/video/init/"
MB, MIB = 1_000_000, 1_048_576

# ---- media described by metadata ---------------------------------------------------------


@attrs.frozen
class Media:
    """One description both rule sets read: a 1080x1920 H.264 MP4 at 30 fps, 30 s, unless
    a row says otherwise."""

    size: int = 30 * MB
    container: str | None = "mp4"
    codec: str | None = "h264"
    seconds: float | None = 30.0
    width: int | None = 1080
    height: int | None = 1920
    fps: float | None = 30.0
    creator_max: int = 600


VIDEO_ROWS: dict[str, Media] = {
    "portrait 1080x1920": Media(),
    "landscape 1920x1080": Media(width=1920, height=1080),
    "square 1080x1080": Media(width=1080, height=1080),
    "short side 719": Media(width=719, height=1280),
    "short side 720": Media(width=720, height=1280),
    "landscape short side 719": Media(width=1280, height=719),
    "side 359": Media(width=359, height=640),
    "side 360": Media(width=360, height=640),
    "side 4096": Media(width=2304, height=4096),
    "side 4097": Media(width=2304, height=4097),
    "fps 22.98": Media(fps=22.98),
    "fps 23": Media(fps=23.0),
    "fps 23.976": Media(fps=24000 / 1001),
    "fps 24": Media(fps=24.0),
    "fps 60": Media(fps=60.0),
    "fps 61": Media(fps=61.0),
    "fps unknown": Media(fps=None),
    "0.5 s (no documented minimum)": Media(seconds=0.5),
    "1 s": Media(seconds=1.0),
    "600 s": Media(seconds=600.0),
    "600.5 s": Media(seconds=600.5),
    "300 s, creator max 300": Media(seconds=300.0, creator_max=300),
    "301 s, creator max 300": Media(seconds=301.0, creator_max=300),
    "duration unknown": Media(seconds=None),
    "4 GB": Media(size=4_000_000_000),
    "4 GB + 1 byte": Media(size=4_000_000_001),
    "mov": Media(container="mov"),
    "webm vp9": Media(container="webm", codec="vp9"),
    "webm vp8": Media(container="webm", codec="vp8"),
    "hevc": Media(codec="hevc"),
    "matroska": Media(container="matroska", codec="vp9"),
    "avi mpeg4": Media(container="avi", codec="mpeg4"),
    "av1": Media(codec="av1"),
    "no video stream": Media(codec=None, width=None, height=None, fps=None),
    "everything wrong": Media(container="avi", codec="mpeg4", fps=15.0, width=200, height=200),
}


def domain_video_reasons(media: Media) -> set[str]:
    facts = VideoFacts(
        size_bytes=media.size,
        container=media.container,
        video_codec=media.codec,
        audio_codec="aac",
        duration_s=media.seconds,
        width=media.width,
        height=media.height,
        fps=media.fps,
    )
    issues = errors_only(check_video(facts, max_duration_s=media.creator_max))
    return {str(issue.fail_reason) for issue in issues}


def sandbox_reasons(media: Media) -> set[str]:
    video = VideoFile(
        media.size,
        media.container,
        media.codec,
        media.seconds,
        media.width,
        media.height,
        media.fps,
    )
    return set(sandbox_video_reasons(video, creator_max_seconds=media.creator_max))


@pytest.mark.parametrize("row", VIDEO_ROWS)
def test_videos_described_by_metadata(row: str) -> None:
    media = VIDEO_ROWS[row]
    assert domain_video_reasons(media) == sandbox_reasons(media)


def test_the_table_covers_acceptance_and_every_fail_reason() -> None:
    verdicts = [sandbox_reasons(m) for m in VIDEO_ROWS.values()]
    assert set() in verdicts
    assert set().union(*verdicts) == {
        "file_format_check_failed",
        "duration_check_failed",
        "frame_rate_check_failed",
        "picture_size_check_failed",
    }


PHOTO_ROWS: dict[str, tuple[int, str | None, int | None, int | None]] = {
    "jpeg 1080x1920": (2 * MB, "jpeg", 1080, 1920),
    "webp 1920x1080": (2 * MB, "webp", 1920, 1080),
    "jpeg 1080x1080": (2 * MB, "jpeg", 1080, 1080),
    "jpeg 1081x1920": (2 * MB, "jpeg", 1081, 1920),
    "jpeg 1080x1921": (2 * MB, "jpeg", 1080, 1921),
    "png": (2 * MB, "png", 1080, 1920),
    "20 MB": (20 * MB, "jpeg", 1080, 1920),
    "20 MB + 1 byte": (20 * MB + 1, "jpeg", 1080, 1920),
    "size unknown": (2 * MB, "jpeg", None, None),
}


@pytest.mark.parametrize("row", PHOTO_ROWS)
def test_photos_described_by_metadata(row: str) -> None:
    size, fmt, width, height = PHOTO_ROWS[row]
    ours = {
        str(i.fail_reason) for i in errors_only(check_photo(PhotoFacts(size, fmt, width, height)))
    }
    assert ours == set(photo_fail_reasons(PhotoFile(size, fmt, width, height)))


# ---- small real files, each side probing them its own way -----------------------------------

SMALL = {"width": 360, "height": 640, "seconds": 1.0}
FILES: dict[str, dict[str, Any]] = {
    "23 fps": {**SMALL, "fps": 23},
    "24 fps": {**SMALL, "fps": 24},
    "60 fps": {**SMALL, "fps": 60},
    "61 fps": {**SMALL, "fps": 61},
    "22 fps": {**SMALL, "fps": 22},
    "1 s": {**SMALL},
    "landscape 640x360": {**SMALL, "width": 640, "height": 360},
    "square 720x720": {**SMALL, "width": 720, "height": 720},
    "short side 720": {**SMALL, "width": 720, "height": 1280},
    "short side 358": {**SMALL, "width": 358, "height": 640},
    "webm vp9": {**SMALL, "video_codec": "libvpx-vp9", "audio_codec": "libopus", "suffix": ".webm"},
    "mpeg4 part 2": {**SMALL, "video_codec": "mpeg4"},
}


FILE_VERDICTS = {
    "22 fps": {"frame_rate_check_failed"},
    "61 fps": {"frame_rate_check_failed"},
    "short side 358": {"picture_size_check_failed"},
    "mpeg4 part 2": {"file_format_check_failed"},
}


@pytest.mark.parametrize("row", FILES)
async def test_real_files_through_our_probe_and_the_sandbox(
    tik: Tik, tmp_path: Path, row: str
) -> None:
    spec = dict(FILES[row])
    path = sm.make_video(tmp_path / f"clip{spec.pop('suffix', '.mp4')}", **spec)
    facts = await PyAvProbe().probe_video(str(path), path.stat().st_size)
    ours = {str(i.fail_reason) for i in errors_only(check_video(facts, max_duration_s=300))}
    theirs = await sandbox_verdict(tik, path.read_bytes())
    assert ours == theirs == FILE_VERDICTS.get(row, set()), (ours, theirs)


async def sandbox_verdict(tik: Tik, payload: bytes) -> set[str]:
    """Upload whole through FILE_UPLOAD; TikTok reports the first fail_reason only."""
    token = (await tik.login())["access_token"]
    size = len(payload)
    init = await tik.api("POST", INIT, token, file_init_body(size, size, 1, privacy="SELF_ONLY"))
    assert init.code == "ok", init.body
    assert await tik.upload_file(init.data["upload_url"], payload, size, 1) == [201]
    await tik.settle()
    status = (await tik.status(token, init.data["publish_id"])).data
    return {status["fail_reason"]} if status["status"] == "FAILED" else set()


# ---- chunk plans, declared at the init endpoint -----------------------------------------------

PLANS: dict[str, tuple[int, int, int]] = {
    "4,999,999 whole": (4_999_999, 4_999_999, 1),
    "4,999,999 in a smaller chunk": (4_999_999, 2_500_000, 1),
    "5 MB exactly, whole": (5 * MB, 5 * MB, 1),
    "5 MB exactly, one smaller chunk": (5 * MB, 3 * MB, 1),
    "5 MiB exactly, whole": (5 * MIB, 5 * MIB, 1),
    "5,100,000 in one smaller chunk": (5_100_000, 3 * MB, 1),
    "two 5 MB chunks": (10 * MB, 5 * MB, 2),
    "two 5 MiB chunks": (10 * MIB, 5 * MIB, 2),
    "64,000,000 whole": (64 * MB, 64 * MB, 1),
    "64,000,001 whole": (64 * MB + 1, 64 * MB + 1, 1),
    "67,108,864 whole": (64 * MIB, 64 * MIB, 1),
    "67,108,865 whole": (64 * MIB + 1, 64 * MIB + 1, 1),
    "64,000,000-byte chunks": (128 * MB, 64 * MB, 2),
    "67,108,864-byte chunks": (128 * MIB, 64 * MIB, 2),
    "last chunk 127,999,999": (192 * MB - 1, 64 * MB, 2),
    "last chunk 134,217,727 (MiB chunks)": (192 * MIB - 1, 64 * MIB, 2),
    "ceil instead of floor": (13 * MB, 6 * MB, 3),
    "floor": (13 * MB, 6 * MB, 2),
    "worked example of the facts": (50_000_123, 10 * MB, 5),
    "1,000 chunks of 4 MB (under 5 MB)": (4_000 * MB, 4 * MB, 1000),
    "762 chunks of 5 MiB (the most 4 GB allows)": (762 * 5 * MIB, 5 * MIB, 762),
    "4 GB in 10 MB chunks": (4_000 * MB, 10 * MB, 400),
}
OVER_4_GB: dict[str, tuple[int, int, int]] = {
    "1,000 chunks of 5 MiB (5.2 GB)": (1000 * 5 * MIB, 5 * MIB, 1000),
    "1,001 chunks of 5 MiB": (1001 * 5 * MIB, 5 * MIB, 1001),
    "4 GB + 1 byte": (4_000 * MB + 1, 10 * MB, 400),
}
UNITS = {
    MbReading.DECIMAL: (MbUnit.DECIMAL,),
    MbReading.BINARY: (MbUnit.BINARY,),
    MbReading.BOTH: (MbUnit.DECIMAL, MbUnit.BINARY),
}


def domain_accepts(plan: tuple[int, int, int], reading: MbReading) -> bool:
    return all(not chunk_rule_violations(*plan, unit) for unit in UNITS[reading])


async def sandbox_accepts(tik: Tik, token: str, plan: tuple[int, int, int]) -> bool:
    reply = await tik.api("POST", INIT, token, file_init_body(*plan, privacy="SELF_ONLY"))
    assert reply.code in ("ok", "invalid_param"), reply.body
    return reply.code == "ok"


@pytest.fixture
async def planner(tik: Tik) -> str:
    """A token that may declare as many inits as the table needs."""
    tik.settings.rate_limits["video_init"] = 10_000
    tik.settings.daily_post_cap = 10_000
    return str((await tik.login())["access_token"])


@pytest.mark.parametrize("reading", list(MbReading))
async def test_chunk_plans_at_the_init_endpoint(tik: Tik, planner: str, reading: MbReading) -> None:
    tik.settings.mb_reading = reading
    verdicts = {name: await sandbox_accepts(tik, planner, plan) for name, plan in PLANS.items()}
    assert verdicts == {name: domain_accepts(plan, reading) for name, plan in PLANS.items()}
    assert True in verdicts.values() and False in verdicts.values()


async def test_plans_over_4_gb_are_refused_by_both(tik: Tik, planner: str) -> None:
    for name, plan in OVER_4_GB.items():
        assert plan[0] > MAX_VIDEO_BYTES, name
        assert not await sandbox_accepts(tik, planner, plan), name


PLANNED_SIZES = (1, 4_999_999, 5 * MB, 5 * MIB, 10 * MIB, 64 * MB, 64 * MB + 1, 64 * MIB)
PLANNED_SIZES += (64 * MIB + 1, 128 * MB, 192 * MB, 1_000 * MB, 3_999 * MB + 7, 4_000 * MB)


@pytest.mark.parametrize("size", PLANNED_SIZES)
async def test_every_plan_we_make_is_accepted_under_every_reading(
    tik: Tik, planner: str, size: int
) -> None:
    for preferred in (5 * MB, 10 * MB, 64 * MB, 64 * MIB):
        plan = plan_chunks(size, preferred)
        declared = (plan.video_size, plan.chunk_size, plan.total_chunk_count)
        for reading in MbReading:
            tik.settings.mb_reading = reading
            assert await sandbox_accepts(tik, planner, declared), (declared, reading)


# ---- text lengths and photo counts, declared at the init endpoints ------------------------

EMOJI = "\U0001f3ac"  # two UTF-16 code units
VIDEO_TEXTS: dict[str, tuple[str, PostSettings]] = {
    "caption of 2200 units": ("a" * 2200, PostSettings(privacy_level=PrivacyLevel.SELF_ONLY)),
    "caption of 2201 units": ("a" * 2201, PostSettings(privacy_level=PrivacyLevel.SELF_ONLY)),
    "1100 emoji (2200 units)": (EMOJI * 1100, PostSettings(privacy_level=PrivacyLevel.SELF_ONLY)),
    "1100 emoji and a letter": (
        EMOJI * 1100 + "a",
        PostSettings(privacy_level=PrivacyLevel.SELF_ONLY),
    ),
    "branded content, public": (
        "Paid #ad",
        PostSettings(privacy_level=PrivacyLevel.PUBLIC_TO_EVERYONE, brand_content_toggle=True),
    ),
    "branded content, SELF_ONLY": (
        "Paid #ad",
        PostSettings(privacy_level=PrivacyLevel.SELF_ONLY, brand_content_toggle=True),
    ),
}
PHOTO_TEXTS: dict[str, tuple[str, str, int, int]] = {
    "title 90, description 4000, 35 photos": ("t" * 90, "d" * 4000, 35, 34),
    "title 91": ("t" * 91, "", 1, 0),
    "description 4001": ("", "d" * 4001, 1, 0),
    "36 photos": ("", "", 36, 0),
    "cover index outside": ("", "", 2, 2),
    "45 emoji in the title (90 units)": (EMOJI * 45, "", 1, 0),
    "45 emoji and a letter in the title": (EMOJI * 45 + "t", "", 1, 0),
}


def video_body(caption: str, settings: PostSettings) -> dict[str, Any]:
    body = file_init_body(1_000_000, 1_000_000, 1, privacy=str(settings.privacy_level))
    body["post_info"] |= {"title": caption, "brand_content_toggle": settings.brand_content_toggle}
    return body


@pytest.mark.parametrize("row", VIDEO_TEXTS)
async def test_video_texts_at_the_init_endpoint(tik: Tik, planner: str, row: str) -> None:
    caption, settings = VIDEO_TEXTS[row]
    ours = content_violations(
        MediaKind.VIDEO, PostContent(caption=caption), settings, VideoMedia("v.mp4")
    )
    reply = await tik.api("POST", INIT, planner, video_body(caption, settings))
    assert (reply.code == "ok") == (not ours), (reply.body, ours)


@pytest.mark.parametrize("row", PHOTO_TEXTS)
async def test_photo_texts_and_counts_at_the_init_endpoint(
    tik: Tik, planner: str, row: str
) -> None:
    title, description, count, cover = PHOTO_TEXTS[row]
    media = PhotoMedia(tuple(f"p/{n}.jpg" for n in range(count)), cover_index=cover)
    ours = content_violations(
        MediaKind.PHOTO,
        PostContent(title=title, description=description),
        PostSettings(privacy_level=PrivacyLevel.SELF_ONLY),
        media,
    )
    url = f"{tik.settings.verified_prefixes[0]}a.jpg"
    body = {
        "media_type": "PHOTO",
        "post_mode": "DIRECT_POST",
        "post_info": {"title": title, "description": description, "privacy_level": "SELF_ONLY"},
        "source_info": {
            "source": "PULL_FROM_URL",
            "photo_images": [url] * count,
            "photo_cover_index": cover,
        },
    }
    tik.settings.rate_limits["content_init"] = 10_000
    reply = await tik.api("POST", "/v2/post/publish/content/init/", planner, body)
    assert (reply.code == "ok") == (not ours), (reply.body, ours)
