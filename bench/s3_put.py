"""Putting large media into S3-compatible storage: memory must stay flat.

A worker process puts a file (multipart, 8 MiB parts streamed from disk) into a moto S3
server running in its own process; we record the worker's peak RSS beside its RSS before
the upload, for each size.

    .venv/bin/python bench/s3_put.py --sizes 100M,1G

The last line is one JSON object with the figures.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench._common import free_port
from bench.upload import parse_size


async def worker(endpoint: str, path: Path) -> dict[str, float]:
    from adapters.storage.s3 import S3ObjectStore, S3Settings

    idle = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    async with S3ObjectStore.connect(
        S3Settings(
            "bench", endpoint, access_key_id="test", secret_access_key="test", path_style=True
        )
    ) as store:
        await store.client.create_bucket(Bucket="bench")
        started = time.perf_counter()
        await store.put_file("video.mp4", path, "video/mp4")
        elapsed = time.perf_counter() - started
        size = (await store.head("video.mp4")).size
    return {
        "bytes": size,
        "seconds": round(elapsed, 2),
        "idle_rss_bytes": idle,
        "peak_rss_bytes": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="100M,1G")
    parser.add_argument("--worker", nargs=2, metavar=("ENDPOINT", "FILE"))
    args = parser.parse_args()
    if args.worker:
        print(json.dumps(asyncio.run(worker(args.worker[0], Path(args.worker[1])))))
        return
    port = free_port()
    moto = subprocess.Popen(
        [str(Path(sys.executable).with_name("moto_server")), "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    scratch = Path(tempfile.mkdtemp(prefix="bench-s3-"))
    runs = []
    try:
        time.sleep(1.5)
        for text in args.sizes.split(","):
            path = scratch / "video.mp4"
            with path.open("wb") as out:
                out.truncate(parse_size(text))
            out_json = subprocess.run(
                [sys.executable, __file__, "--worker", f"http://127.0.0.1:{port}", str(path)],
                check=True,
                capture_output=True,
                text=True,
                env=dict(os.environ),
            ).stdout
            runs.append(json.loads(out_json.strip().splitlines()[-1]))
            path.unlink()
            print(
                f"{runs[-1]['bytes']:>12} B  peak RSS {runs[-1]['peak_rss_bytes'] / 2**20:.1f}"
                f" MiB (idle {runs[-1]['idle_rss_bytes'] / 2**20:.1f} MiB)",
                flush=True,
            )
    finally:
        moto.terminate()
        shutil.rmtree(scratch, ignore_errors=True)
    peaks = [r["peak_rss_bytes"] for r in runs]
    print(json.dumps({"runs": runs, "peak_rss_spread_bytes": max(peaks) - min(peaks)}))


if __name__ == "__main__":
    main()
