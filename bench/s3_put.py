"""Putting large media into S3-compatible storage: memory must stay flat, speed near boto3.

A worker process puts a file (multipart, 8 MiB parts streamed from disk) into a moto S3
server running in its own process; we record the worker's own peak RSS (VmHWM) beside
its RSS before the upload, for each size. Baseline in the same run: another process puts
the same file to the same server with boto3's `upload_file` (its default transfer
settings: 8 MiB parts, 10 threads).

    .venv/bin/python bench/s3_put.py --sizes 100M,1G

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
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench._common import free_port, uptime, vm_hwm_bytes
from bench.upload import parse_size


async def worker(endpoint: str, path: Path) -> dict[str, float]:
    from adapters.storage.s3 import S3ObjectStore, S3Settings

    idle = vm_hwm_bytes(os.getpid())
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
        "peak_rss_bytes": vm_hwm_bytes(os.getpid()),
    }


def baseline(endpoint: str, path: Path) -> dict[str, float]:
    """The same file through boto3's upload_file, in a process of its own."""
    import boto3

    client = boto3.client(
        "s3",
        endpoint_url=endpoint,
        aws_access_key_id="test",
        aws_secret_access_key="test",
        region_name="us-east-1",
    )
    client.create_bucket(Bucket="baseline")
    started = time.perf_counter()
    client.upload_file(str(path), "baseline", "video.mp4")
    elapsed = time.perf_counter() - started
    return {"seconds": round(elapsed, 2), "peak_rss_bytes": vm_hwm_bytes(os.getpid())}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="100M,1G")
    parser.add_argument("--worker", nargs=2, metavar=("ENDPOINT", "FILE"))
    parser.add_argument("--baseline", nargs=2, metavar=("ENDPOINT", "FILE"))
    args = parser.parse_args()
    if args.worker:
        print(json.dumps(asyncio.run(worker(args.worker[0], Path(args.worker[1])))))
        return
    if args.baseline:
        print(json.dumps(baseline(args.baseline[0], Path(args.baseline[1]))))
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
            endpoint = f"http://127.0.0.1:{port}"
            run = child("--worker", endpoint, path)
            base = child("--baseline", endpoint, path)
            run["boto3_seconds"] = base["seconds"]
            run["boto3_peak_rss_bytes"] = base["peak_rss_bytes"]
            run["speed_vs_boto3"] = round(base["seconds"] / run["seconds"], 3)
            run["load"] = uptime()
            runs.append(run)
            path.unlink()
            print(
                f"{run['bytes']:>12} B  {run['seconds']} s (boto3 {base['seconds']} s)  peak RSS"
                f" {run['peak_rss_bytes'] / 2**20:.1f} MiB (idle"
                f" {run['idle_rss_bytes'] / 2**20:.1f} MiB, boto3"
                f" {base['peak_rss_bytes'] / 2**20:.1f} MiB)  load {run['load']}",
                flush=True,
            )
    finally:
        moto.terminate()
        shutil.rmtree(scratch, ignore_errors=True)
    peaks = [r["peak_rss_bytes"] for r in runs]
    print(
        json.dumps(
            {
                "runs": runs,
                "peak_rss_spread_bytes": max(peaks) - min(peaks),
                "min_speed_vs_boto3": min(r["speed_vs_boto3"] for r in runs),
            }
        )
    )


def child(mode: str, endpoint: str, path: Path) -> dict[str, float]:
    out = subprocess.run(
        [sys.executable, __file__, mode, endpoint, str(path)],
        check=True,
        capture_output=True,
        text=True,
        env=dict(os.environ),
    ).stdout
    return json.loads(out.strip().splitlines()[-1])  # type: ignore[no-any-return]


if __name__ == "__main__":
    main()
