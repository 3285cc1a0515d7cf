"""Audience hashing: normalise + SHA-256 a customer file in constant memory, vs a bare
hashlib loop over the same lines.

A CSV of N emails (mixed case, some with a ``+tag``, a header line) is written to a temp
file. Each contender runs in its own child process (so its peak RSS, VmHWM, is its own):

- bare: ``for line in file: hashlib.sha256(line.rstrip(b"\\n")).hexdigest()`` (no
  normalisation, nothing kept);
- ours: the upload use-case's path, ``hash_to_spool``: blocks of 1 MiB read from the
  file, TikTok's normalisation (lowercase, ``+tag`` removed, first column, header
  skipped), SHA-256, the MD5 file signature, and the hashed lines written to the spool
  (a temporary file past 8 MiB).

    .venv/bin/python bench/audience_hash.py --lines 100000,1000000 [--rounds 3]

Targets: ours >= 0.8x bare's lines/s at 1,000,000 lines; ours' peak RSS flat in N.
The last line is one JSON object with the figures.
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import AsyncIterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench._common import uptime

BLOCK = 1 << 20


def write_file(path: Path, lines: int) -> None:
    with path.open("wb") as out:
        out.write(b"email\n")
        for start in range(0, lines, 10_000):
            chunk = []
            for i in range(start, min(lines, start + 10_000)):
                tag = "+news" if i % 7 == 0 else ""
                name = f"User.{i}{tag}" if i % 3 == 0 else f"user.{i}{tag}"
                chunk.append(f"{name}@Example{i % 50}.com\n")
            out.write("".join(chunk).encode())


def bare(path: Path) -> int:
    n = 0
    with path.open("rb") as f:
        for line in f:
            hashlib.sha256(line.rstrip(b"\n")).hexdigest()
            n += 1
    return n


async def ours(path: Path) -> int:
    from adapters.system.spool import TempFileSpool
    from application.use_cases.ads.upload_audience import hash_to_spool
    from domain.ads.audience import IdentifierKind, Normaliser

    async def blocks() -> AsyncIterator[bytes]:
        with path.open("rb") as f:
            while block := f.read(BLOCK):
                yield block

    spool = TempFileSpool()
    try:
        hashed = await hash_to_spool(blocks(), Normaliser(IdentifierKind.EMAIL), spool)
    finally:
        spool.close()
    return hashed.identifiers


def child(kind: str, path: Path) -> None:
    # the imports happen before the clock starts (a service has them loaded already)
    import adapters.system.spool  # noqa: F401
    import application.use_cases.ads.upload_audience  # noqa: F401

    started = time.perf_counter()
    count = bare(path) if kind == "bare" else asyncio.run(ours(path))
    seconds = time.perf_counter() - started
    hwm = 0
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            hwm = int(line.split()[1]) * 1024
    print(json.dumps({"lines": count, "seconds": seconds, "peak_rss": hwm}))


def run(kind: str, path: Path) -> dict[str, float]:
    out = subprocess.run(
        [sys.executable, __file__, "--child", kind, str(path)],
        check=True, capture_output=True, text=True, env=dict(os.environ),
    )  # fmt: skip
    return json.loads(out.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--lines", default="100000,1000000")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--child", nargs=2)
    args = parser.parse_args()
    if args.child:
        child(args.child[0], Path(args.child[1]))
        return
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        for n in (int(x) for x in args.lines.split(",")):
            path = Path(tmp) / f"emails-{n}.csv"
            write_file(path, n)
            best: dict[str, dict[str, float]] = {}
            for _ in range(args.rounds):  # alternate, keep each one's best
                for kind in ("bare", "ours"):
                    got = run(kind, path)
                    if kind not in best or got["seconds"] < best[kind]["seconds"]:
                        best[kind] = got
            row = {
                "lines": n,
                "file_bytes": path.stat().st_size,
                "bare_lines_per_s": round(n / best["bare"]["seconds"]),
                "ours_lines_per_s": round(n / best["ours"]["seconds"]),
                "ratio": round(best["bare"]["seconds"] / best["ours"]["seconds"], 3),
                "bare_peak_rss_mib": round(best["bare"]["peak_rss"] / 2**20, 1),
                "ours_peak_rss_mib": round(best["ours"]["peak_rss"] / 2**20, 1),
                "uptime": uptime(),
            }
            print(" ".join(f"{k}={v}" for k, v in row.items()), flush=True)
            results.append(row)
    print(json.dumps({"audience_hash": results}))


if __name__ == "__main__":
    main()
