"""Real media files for tests, the demo and the sandbox, made with PyAV (no numpy).

Videos are encoded for real (H.264/AAC in MP4 by default) with a moving gradient, so
they probe, decode and upload like a phone's export. ``padding_bytes`` appends an
ignored ``free`` box so a file can be made large (multi-chunk uploads) while still
being a valid MP4 that encodes in milliseconds.
"""

from __future__ import annotations

import math
import struct
from fractions import Fraction
from pathlib import Path

import av

AUDIO_RATE = 44_100
AUDIO_SAMPLES = 1024


def make_video(
    path: Path,
    *,
    width: int = 1080,
    height: int = 1920,
    fps: int = 30,
    seconds: float = 2.0,
    video_codec: str = "libx264",
    audio_codec: str | None = "aac",
    container: str | None = None,
    bitrate: int = 2_000_000,
    padding_bytes: int = 0,
) -> Path:
    """Encode a video file; ``container`` defaults from the suffix (mp4, mov, webm)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fmt = container or {".mov": "mov", ".webm": "webm", ".mkv": "matroska", ".avi": "avi"}.get(
        path.suffix.lower(), "mp4"
    )
    frames = max(1, round(seconds * fps))
    with av.open(str(path), mode="w", format=fmt) as out:
        video = _video_stream(out, video_codec, fps)
        video.width, video.height = width, height
        video.pix_fmt = "yuv420p"
        video.bit_rate = bitrate
        if video_codec == "libx264":
            video.options = {"preset": "ultrafast", "tune": "zerolatency"}
        audio = None
        if audio_codec:
            audio = _audio_stream(out, audio_codec, _audio_rate(audio_codec))
        for index in range(frames):
            frame = _video_frame(width, height, index)
            frame.pts = index
            frame.time_base = Fraction(1, fps)
            for packet in video.encode(frame):
                out.mux(packet)
        for packet in video.encode():
            out.mux(packet)
        if audio is not None:
            _write_audio(out, audio, seconds, _audio_rate(audio_codec or ""))
    if padding_bytes:
        _append_free_box(path, padding_bytes)
    return path


def _video_stream(out: av.container.OutputContainer, codec: str, rate: int) -> av.VideoStream:
    stream = out.add_stream(codec, rate=rate)
    if not isinstance(stream, av.VideoStream):
        raise ValueError(f"{codec} is not a video codec")
    return stream


def _audio_stream(out: av.container.OutputContainer, codec: str, rate: int) -> av.AudioStream:
    stream = out.add_stream(codec, rate=rate)
    if not isinstance(stream, av.AudioStream):
        raise ValueError(f"{codec} is not an audio codec")
    stream.layout = "stereo"
    return stream


def _video_frame(width: int, height: int, index: int) -> av.VideoFrame:
    frame = av.VideoFrame(width, height, "yuv420p")
    shade = (index * 7) % 200 + 16
    for number, plane in enumerate(frame.planes):
        value = shade if number == 0 else 128 + (index % 32) - 16
        plane.update(bytes([value]) * plane.buffer_size)
    return frame


def _audio_rate(codec: str) -> int:
    return 48_000 if "opus" in codec else AUDIO_RATE


def _write_audio(
    out: av.container.OutputContainer, stream: av.AudioStream, seconds: float, rate: int
) -> None:
    total = int(seconds * rate)
    pts = 0
    while pts < total:
        samples = min(AUDIO_SAMPLES, total - pts)
        frame = av.AudioFrame(format="fltp", layout="stereo", samples=samples)
        tone = b"".join(
            struct.pack("<f", 0.1 * math.sin(2 * math.pi * 440 * (pts + i) / rate))
            for i in range(samples)
        )
        for plane in frame.planes:
            plane.update(tone + bytes(plane.buffer_size - len(tone)))
        frame.sample_rate = rate
        frame.pts = pts
        frame.time_base = Fraction(1, rate)
        for packet in stream.encode(frame):
            out.mux(packet)
        pts += samples
    for packet in stream.encode():
        out.mux(packet)


def pad_to(path: Path, total_size: int) -> Path:
    """Grow a video file to exactly ``total_size`` bytes with an ignored ``free`` box."""
    missing = total_size - path.stat().st_size
    if missing < 16:
        raise ValueError(f"{path} is {path.stat().st_size} bytes; cannot pad to {total_size}")
    _append_free_box(path, missing)
    return path


def _append_free_box(path: Path, padding: int) -> None:
    """An ISO-BMFF ``free`` box at the end: players and probes skip it."""
    if padding < 8:
        padding = 8
    with path.open("ab") as handle:
        if padding < 2**32:
            handle.write(struct.pack(">I4s", padding, b"free"))
            remaining = padding - 8
        else:
            handle.write(struct.pack(">I4sQ", 1, b"free", padding))
            remaining = padding - 16
        block = bytes(1024 * 1024)
        while remaining > 0:
            step = min(remaining, len(block))
            handle.write(block[:step])
            remaining -= step


def make_photo(
    path: Path, *, width: int = 1080, height: int = 1350, codec: str | None = None
) -> Path:
    """One still image: JPEG, WebP or PNG by suffix."""
    path.parent.mkdir(parents=True, exist_ok=True)
    suffix = path.suffix.lower()
    codec = codec or {".webp": "libwebp", ".png": "png"}.get(suffix, "mjpeg")
    fmt = {".webp": "webp", ".png": "image2"}.get(suffix, "image2")
    with av.open(str(path), mode="w", format=fmt) as out:
        stream = _video_stream(out, codec, 1)
        stream.width, stream.height = width, height
        stream.pix_fmt = {"mjpeg": "yuvj420p", "png": "rgb24"}.get(codec, "yuv420p")
        frame = _video_frame(width, height, 3).reformat(format=stream.pix_fmt)
        frame.pts = 0
        for packet in stream.encode(frame):
            out.mux(packet)
        for packet in stream.encode():
            out.mux(packet)
    return path


def make_corrupt(path: Path, size: int = 4096) -> Path:
    """Bytes that start like an MP4 and then are not one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    header = struct.pack(">I4s4s", 24, b"ftyp", b"isom") + bytes(12)
    path.write_bytes(header + bytes(range(256)) * (size // 256))
    return path


def make_audio_only(path: Path, seconds: float = 2.0) -> Path:
    """An M4A-style MP4 with one AAC stream and no picture."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with av.open(str(path), mode="w", format="mp4") as out:
        stream = _audio_stream(out, "aac", AUDIO_RATE)
        _write_audio(out, stream, seconds, AUDIO_RATE)
    return path


def truncate(path: Path, keep_fraction: float = 0.3) -> Path:
    """Cut a file short, as an interrupted copy would."""
    data = path.read_bytes()
    path.write_bytes(data[: max(1, int(len(data) * keep_fraction))])
    return path


def make_random(path: Path, size: int = 65_536, seed: int = 7) -> Path:
    """Random bytes under a media name."""
    import random

    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(random.Random(seed).randbytes(size))
    return path
