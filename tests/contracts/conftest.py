"""Media the TikTokApi contract uploads: real files, so the sandbox's checks pass them."""

from __future__ import annotations

from pathlib import Path

import pytest

from adapters.media.sample_media import make_photo, make_video, pad_to

TWO_CHUNKS = 11_000_000  # over two 5 MiB chunks


@pytest.fixture(scope="session")
def contract_media(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("contract-media")
    return {
        "video": make_video(root / "clip.mp4", width=360, height=640, seconds=1),
        "big_video": pad_to(
            make_video(root / "big.mp4", width=360, height=640, seconds=1), TWO_CHUNKS
        ),
        "photo": make_photo(root / "photo.jpg", width=720, height=960),
    }
