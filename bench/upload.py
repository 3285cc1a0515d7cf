"""Upload memory and speed: our client streaming from object storage vs curl.

For each chunk size (10 MB, what production uses, and 64 MB) and each video size, a real
MP4 (padded to the size) sits in a local object store. A worker process publishes it to
the sandbox (its own process, on loopback) with the TikTok HTTP client, streaming each
chunk from ranged reads; we record bytes/s and the worker's own peak RSS (VmHWM in
/proc/self/status: unlike ru_maxrss it is not inherited from the parent). Beside it, in
the same run, one curl process streams the same chunks (`curl -T`, read from disk as it
sends) to a fresh upload URL over one connection.

    .venv/bin/python bench/upload.py --sizes 100M,500M,1G [--chunk-sizes 10000000,64000000]

Targets: peak RSS <= 150 MB and flat in video size; throughput >= 0.8x curl's.
The last line is one JSON object with the figures.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from urllib.parse import urlsplit

from bench._common import login, sandbox_process, uptime, vm_hwm_bytes

UNITS = {"K": 1024, "M": 1024**2, "G": 1024**3}


def parse_size(text: str) -> int:
    text = text.strip().upper()
    return int(float(text[:-1]) * UNITS[text[-1]]) if text[-1] in UNITS else int(text)


def wait_processed(base: str, publish_id: str) -> None:
    """Let the sandbox finish hashing and probing, so the next run has the CPU to itself."""
    from bench._common import control

    for _ in range(6000):
        if control(base, f"/publications/{publish_id}")["status"] != "PROCESSING_UPLOAD":
            return
        time.sleep(0.05)


def init_upload(base: str, token: str, size: int, chunk: int) -> tuple[str, int, int, str]:
    from domain.chunk_plan import plan_chunks

    plan = plan_chunks(size, chunk)
    body = json.dumps(
        {
            "post_info": {"privacy_level": "SELF_ONLY"},
            "source_info": {
                "source": "FILE_UPLOAD",
                "video_size": size,
                "chunk_size": plan.chunk_size,
                "total_chunk_count": plan.total_chunk_count,
            },
        }
    )
    request = urllib.request.Request(
        f"{base}/v2/post/publish/video/init/",
        data=body.encode(),
        method="POST",
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request) as response:
        data = json.loads(response.read())["data"]
    return data["upload_url"], plan.chunk_size, plan.total_chunk_count, data["publish_id"]


def curl_baseline(base: str, path: Path, chunk: int, scratch: Path) -> float:
    """bytes/s of one curl process PUTting every chunk, sequentially, on one connection."""
    size = path.stat().st_size
    token = str(login(base)["access_token"])
    url, chunk, count, publish_id = init_upload(base, token, size, chunk)
    pieces, args = [], ["curl", "-s", "-S", "--fail"]
    parts = urlsplit(url)
    target = f"{parts.path}?{parts.query}"
    with path.open("rb") as source:
        for index in range(count):
            first = index * chunk
            last = size - 1 if index == count - 1 else first + chunk - 1
            piece = scratch / f"chunk{index}"
            with piece.open("wb") as out:
                remaining = last - first + 1
                while remaining:
                    block = source.read(min(remaining, 8 * 1024 * 1024))
                    out.write(block)
                    remaining -= len(block)
            pieces.append(piece)
            if index:
                args.append("--next")
            # -T streams the file as it sends. It would append the file's name to a URL
            # whose path ends in "/", so the upload path goes in the request line instead.
            args += [
                "-o",
                "/dev/null",
                "-T",
                str(piece),
                "--request-target",
                target,
                "-H",
                "Content-Type: video/mp4",
                "-H",
                f"Content-Range: bytes {first}-{last}/{size}",
                f"{parts.scheme}://{parts.netloc}/chunk",
            ]
    started = time.perf_counter()
    subprocess.run(args, check=True)
    elapsed = time.perf_counter() - started
    for piece in pieces:
        piece.unlink()
    wait_processed(base, publish_id)
    return size / elapsed


async def worker(base: str, root: Path, key: str, chunk: int) -> dict[str, float]:
    """Runs in its own process: RSS is ours alone."""
    import aiohttp

    from adapters.storage.local import LocalObjectStorage
    from adapters.tiktok.client import TikTokHttpClient
    from adapters.tiktok.config import TikTokClientConfig
    from application.ports.tiktok import VideoSourceSpec
    from bench._common import CLIENT_KEY, CLIENT_SECRET
    from domain.chunk_plan import plan_chunks
    from domain.post_content import PostSettings, PrivacyLevel, VideoMedia, VideoSource
    from domain.secret import Secret
    from tests.builders import video_post

    storage = LocalObjectStorage(root)
    token = Secret(str(login(base)["access_token"]))
    idle_rss = vm_hwm_bytes(os.getpid())
    async with aiohttp.ClientSession() as session:
        client = TikTokHttpClient(
            session,
            TikTokClientConfig(CLIENT_KEY, Secret(CLIENT_SECRET), api_base=base, auth_base=base),
        )
        size = (await storage.head(key)).size
        plan = plan_chunks(size, chunk)
        post = video_post(
            media=VideoMedia(key), settings=PostSettings(privacy_level=PrivacyLevel.SELF_ONLY)
        )
        started = time.perf_counter()
        result = await client.init_video(
            token, post=post, source=VideoSourceSpec(VideoSource.FILE_UPLOAD, plan)
        )
        await client.upload(
            result.upload_url or "",
            plan=plan,
            read_range=lambda a, b: storage.read_range(key, a, b),
            content_type="video/mp4",
        )
        elapsed = time.perf_counter() - started
    return {
        "video_bytes": size,
        "seconds": elapsed,
        "bytes_per_s": size / elapsed,
        "peak_rss_bytes": vm_hwm_bytes(os.getpid()),
        "idle_rss_bytes": idle_rss,
        "chunks": plan.total_chunk_count,
        "publish_id": result.publish_id,
    }


def make_video_of(path: Path, size: int) -> None:
    from adapters.media.sample_media import make_video, pad_to

    make_video(path, width=720, height=1280, seconds=1)
    pad_to(path, size)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="100M,500M,1G")
    parser.add_argument("--chunk-sizes", default="10000000,64000000")
    parser.add_argument("--chunk-size", type=int, default=10_000_000, help="(worker)")
    parser.add_argument("--worker", nargs=3, metavar=("BASE", "ROOT", "KEY"))
    args = parser.parse_args()
    if args.worker:
        base, root, key = args.worker
        print(json.dumps(asyncio.run(worker(base, Path(root), key, args.chunk_size))))
        return
    if shutil.which("curl") is None:
        raise SystemExit("curl is needed for the baseline")
    runs = []
    scratch = Path(tempfile.mkdtemp(prefix="bench-upload-"))
    try:
        with sandbox_process() as base:
            for text in args.sizes.split(","):
                size = parse_size(text)
                key = f"video-{size}.mp4"
                make_video_of(scratch / key, size)
                for chunk_size in (int(c) for c in args.chunk_sizes.split(",")):
                    out = subprocess.run(
                        [
                            sys.executable,
                            __file__,
                            "--chunk-size",
                            str(chunk_size),
                            "--worker",
                            base,
                            str(scratch),
                            key,
                        ],
                        check=True,
                        capture_output=True,
                        text=True,
                    ).stdout
                    run = json.loads(out.strip().splitlines()[-1])
                    wait_processed(base, run.pop("publish_id"))
                    run["chunk_size"] = chunk_size
                    run["curl_bytes_per_s"] = curl_baseline(
                        base, scratch / key, chunk_size, scratch
                    )
                    run["throughput_vs_curl"] = round(
                        run["bytes_per_s"] / run["curl_bytes_per_s"], 3
                    )
                    run["load"] = uptime()
                    runs.append(run)
                    print(
                        f"{size:>12} B  chunk {chunk_size:>10}  ours "
                        f"{run['bytes_per_s'] / 1e6:8.1f} MB/s  "
                        f"curl {run['curl_bytes_per_s'] / 1e6:8.1f} MB/s  "
                        f"peak RSS {run['peak_rss_bytes'] / 2**20:6.1f} MiB "
                        f"(load {run['load']})",
                        flush=True,
                    )
                (scratch / key).unlink()
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    peaks = [r["peak_rss_bytes"] for r in runs]
    print(
        json.dumps(
            {
                "runs": runs,
                "max_peak_rss_bytes": max(peaks),
                "peak_rss_spread_bytes": max(peaks) - min(peaks),
                "min_throughput_vs_curl": min(r["throughput_vs_curl"] for r in runs),
                "targets": {
                    "peak_rss_bytes_at_most": 150 * 2**20,
                    "throughput_vs_curl_at_least": 0.8,
                },
            }
        )
    )


if __name__ == "__main__":
    main()
