"""Reading media the way TikTok's processing would, with PyAV (FFmpeg), into the
sandbox's own facts. Nothing here judges: ``media_checks`` does."""

from __future__ import annotations

from pathlib import Path

import av

from adapters.sandbox.media_checks import PhotoFile, VideoFile

WEBM_CODECS = frozenset({"vp8", "vp9", "av1", "opus", "vorbis"})
IMAGE_FORMATS = {"mjpeg": "jpeg", "webp": "webp", "png": "png", "gif": "gif", "bmp": "bmp"}


class Unreadable(Exception):
    """FFmpeg could not open the file as media."""


def read_video(path: Path) -> VideoFile:
    try:
        with av.open(str(path)) as media:
            video = media.streams.video[0] if media.streams.video else None
            codecs = {s.codec_context.name for s in media.streams if s.codec_context}
            seconds = media.duration / av.time_base if media.duration else None
            return VideoFile(
                size=path.stat().st_size,
                container=_container(media.format.name, media.metadata, codecs),
                codec=video.codec_context.name if video is not None else None,
                seconds=seconds,
                width=video.codec_context.width or None if video is not None else None,
                height=video.codec_context.height or None if video is not None else None,
                fps=float(video.average_rate) if video is not None and video.average_rate else None,
            )
    except (av.error.FFmpegError, OSError, IndexError) as exc:
        raise Unreadable(str(exc)) from None


def read_photo(path: Path) -> PhotoFile:
    try:
        with av.open(str(path)) as media:
            if not media.streams.video:
                raise Unreadable("no image in the file")
            context = media.streams.video[0].codec_context
            return PhotoFile(
                path.stat().st_size,
                IMAGE_FORMATS.get(context.name, context.name),
                context.width or None,
                context.height or None,
            )
    except (av.error.FFmpegError, OSError) as exc:
        raise Unreadable(str(exc)) from None


def _container(demuxer: str, metadata: dict[str, str], codecs: set[str]) -> str:
    """FFmpeg names ISO-BMFF "mov,mp4,..." and Matroska "matroska,webm": tell them apart."""
    names = demuxer.split(",")
    if "mp4" in names:
        return "mov" if metadata.get("major_brand", "").strip() == "qt" else "mp4"
    if "webm" in names:
        return "webm" if codecs <= WEBM_CODECS else "matroska"
    return names[0]
