"""The upload URL: 206 per chunk, 201 at the end, and the documented refusals."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from tests.integration.sandbox.harness import Tik, file_init_body

INIT = "/v2/post/publish/video/init/"
CHUNK = 6_000_000


async def started(tik: Tik, media: dict[str, Path]) -> tuple[str, str, bytes]:
    token = (await tik.login())["access_token"]
    payload = media["multi"].read_bytes()
    init = await tik.api("POST", INIT, token, file_init_body(len(payload), CHUNK, 2))
    return token, init.data["upload_url"], payload


async def test_progress_is_reported_in_content_range(tik: Tik, media: dict[str, Path]) -> None:
    _, url, payload = await started(tik, media)
    first = await tik.put_chunk(url, payload[:CHUNK], 0, len(payload))
    assert first.status == 206
    assert first.headers["Content-Range"] == f"bytes 0-{CHUNK - 1}/{len(payload)}"


async def test_chunks_out_of_order_with_gaps_or_overlaps_are_416(
    tik: Tik, media: dict[str, Path]
) -> None:
    _, url, payload = await started(tik, media)
    total = len(payload)
    skipped = await tik.put_chunk(url, payload[CHUNK:], CHUNK, total)
    assert skipped.status == 416
    assert (await tik.put_chunk(url, payload[:CHUNK], 0, total)).status == 206
    overlap = await tik.put_chunk(url, payload[CHUNK - 10 :], CHUNK - 10, total)
    again = await tik.put_chunk(url, payload[:CHUNK], 0, total)
    assert overlap.status == again.status == 416
    assert (await tik.put_chunk(url, payload[CHUNK:], CHUNK, total)).status == 201
    after = await tik.put_chunk(url, payload[CHUNK:], CHUNK, total)
    assert after.status == 416


async def test_malformed_headers_are_400(tik: Tik, media: dict[str, Path]) -> None:
    _, url, payload = await started(tik, media)
    chunk, total = payload[:CHUNK], len(payload)
    bad_type = await tik.put_chunk(url, chunk, 0, total, content_type="application/json")
    bad_range = await tik.put_chunk(url, chunk, 0, total, **{"Content-Range": "0-5"})
    wrong_total = await tik.put_chunk(url, chunk, 0, total + 1)
    short_range = await tik.put_chunk(
        url, chunk, 0, total, **{"Content-Range": f"bytes 0-{CHUNK - 2}/{total}"}
    )
    assert [r.status for r in (bad_type, bad_range, wrong_total)] == [400, 400, 400]
    assert short_range.status in (400, 416)
    assert (await tik.put_chunk(url, chunk, 0, total)).status == 206  # nothing was stored


async def test_an_unknown_upload_is_404_and_an_expired_one_403(
    tik: Tik, media: dict[str, Path]
) -> None:
    _, url, payload = await started(tik, media)
    forged = url.replace("upload_token=", "upload_token=x")
    assert (await tik.put_chunk(forged, payload[:CHUNK], 0, len(payload))).status == 404
    tik.clock.advance(timedelta(hours=1))
    assert (await tik.put_chunk(url, payload[:CHUNK], 0, len(payload))).status == 403


async def test_chunks_are_streamed_to_disk(tik: Tik, media: dict[str, Path]) -> None:
    _, url, payload = await started(tik, media)
    await tik.put_chunk(url, payload[:CHUNK], 0, len(payload))
    (pub,) = tik.sandbox.state.publications.values()
    assert pub.upload.path.stat().st_size == CHUNK
    assert pub.upload.path.read_bytes() == payload[:CHUNK]
