"""Throughput: many channels with more due posts each than one rate window allows.

200 channels x 10 due posts, 3 publisher processes, no faults, against the sandbox with
TikTok's real one-minute windows. Targets: zero HTTP 429s, and at least 95% of the
per-token init ceiling: the 7th-10th init of every token can only go out one window after
the first, so the minimum is one window (plus the last posts' processing).

    .venv/bin/python bench/throughput.py --channels 200 --posts-per-channel 10

The last line is one JSON object with the figures.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.chaos import main_async

WINDOW_S = 60.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--channels", type=int, default=200)
    parser.add_argument("--posts-per-channel", type=int, default=10)
    parser.add_argument("--publishers", type=int, default=3)
    parser.add_argument("--batch", type=int, default=40, help="Posts per publisher pass.")
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL"))
    args = parser.parse_args()
    posts = args.channels * args.posts_per_channel
    figures = asyncio.run(main_async(argparse.Namespace(
        posts=posts, creators=args.channels, publishers=args.publishers, kill_every=1.0,
        lease=120, timeout=900, database_url=args.database_url, faults=False, kill=False,
        batch=args.batch)))
    windows = math.ceil(args.posts_per_channel / 6) - 1
    minimum = windows * WINDOW_S
    figures["theoretical_min_s"] = minimum
    figures["ceiling_share"] = round(minimum / figures["elapsed_s"], 3) if minimum else None
    figures["targets"] = {"http_429s": 0, "ceiling_share_at_least": 0.95}
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
