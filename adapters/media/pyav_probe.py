"""The media probe on PyAV (FFmpeg): facts of a video or photo, from a path or a URL."""

from __future__ import annotations

import asyncio

import av

from application.errors import MediaFetchFailed, MediaUnreadable
from domain.media_rules import PhotoFacts, VideoFacts

WEBM_CODECS = frozenset({"vp8", "vp9", "av1"})
PHOTO_CODECS = {"mjpeg": "jpeg", "webp": "webp", "png": "png", "gif": "gif", "bmp": "bmp"}
OPEN_TIMEOUT_S = 30.0
# Reading the bytes failed for now (the store or the network): retried, not bad content.
FETCH_FAULTS = (
    ConnectionError,
    TimeoutError,
    av.error.ConnectionRefusedError,
    av.error.ConnectionResetError,
    av.error.ConnectionAbortedError,
    av.error.TimeoutError,
    av.error.HTTPServerError,
    av.error.HTTPTooManyRequestsError,
)


def container_name(format_name: str, major_brand: str, video_codec: str | None) -> str:
    """FFmpeg's demuxer name, narrowed to the container TikTok's rules speak of."""
    names = format_name.split(",")
    if "mp4" in names or "mov" in names:
        return "mov" if major_brand.strip() == "qt" else "mp4"
    if "webm" in names:
        return "webm" if video_codec in WEBM_CODECS else "matroska"
    return names[0]


def probe_video_sync(locator: str, size_bytes: int) -> VideoFacts:
    try:
        with av.open(locator, timeout=OPEN_TIMEOUT_S) as media:
            video = media.streams.video[0] if media.streams.video else None
            audio = media.streams.audio[0] if media.streams.audio else None
            vcodec = video.codec_context.name if video is not None else None
            duration = media.duration / av.time_base if media.duration else None
            if duration is None and video is not None and video.duration and video.time_base:
                duration = float(video.duration * video.time_base)
            fps = float(video.average_rate) if video is not None and video.average_rate else None
            rotation = 0
            if video is not None:
                rotate = video.metadata.get("rotate")
                rotation = int(rotate) if rotate and rotate.lstrip("-").isdigit() else 0
            return VideoFacts(
                size_bytes=size_bytes,
                container=container_name(
                    media.format.name, media.metadata.get("major_brand", ""), vcodec
                ),
                video_codec=vcodec,
                audio_codec=audio.codec_context.name if audio is not None else None,
                duration_s=duration,
                width=video.codec_context.width if video is not None else None,
                height=video.codec_context.height if video is not None else None,
                fps=fps,
                bitrate=media.bit_rate or None,
                rotation=rotation,
            )
    except FETCH_FAULTS as exc:
        raise MediaFetchFailed(locator, _reason(exc)) from None
    except (av.error.FFmpegError, OSError, IndexError) as exc:
        raise MediaUnreadable(locator, _reason(exc)) from None


def probe_photo_sync(locator: str, size_bytes: int) -> PhotoFacts:
    try:
        with av.open(locator, timeout=OPEN_TIMEOUT_S) as media:
            if not media.streams.video:
                raise MediaUnreadable(locator, "no image in the file")
            stream = media.streams.video[0]
            codec = stream.codec_context.name
            return PhotoFacts(
                size_bytes,
                PHOTO_CODECS.get(codec, codec),
                stream.codec_context.width or None,
                stream.codec_context.height or None,
            )
    except FETCH_FAULTS as exc:
        raise MediaFetchFailed(locator, _reason(exc)) from None
    except (av.error.FFmpegError, OSError) as exc:
        raise MediaUnreadable(locator, _reason(exc)) from None


def _reason(exc: Exception) -> str:
    text = str(exc)
    return text.split("] ", 1)[-1].split(": '", 1)[0] if text else type(exc).__name__


class PyAvProbe:
    """MediaProbe port: runs FFmpeg in a worker thread so the event loop stays free."""

    async def probe_video(self, url_or_path: str, size_bytes: int) -> VideoFacts:
        return await asyncio.to_thread(probe_video_sync, url_or_path, size_bytes)

    async def probe_photo(self, url_or_path: str, size_bytes: int) -> PhotoFacts:
        return await asyncio.to_thread(probe_photo_sync, url_or_path, size_bytes)
