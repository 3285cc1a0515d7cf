"""Every bench at tiny sizes, so none of them rots: each runs to its end and its last line
is the JSON object bench/README.md reads its figures from. Figures are not checked here."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from tests.integration.postgres.conftest import ROOT
from tests.tempdirs import server_reachable_dir

pytestmark = pytest.mark.slow


def bench(*args: str, database_url: str | None = None) -> dict[str, object]:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    env.pop("DATABASE_URL", None)
    if database_url:
        env["DATABASE_URL"] = database_url
    with server_reachable_dir() as data:  # never the working tree's ./.data
        env["TIKTOK_CHANNEL_DATA_DIR"] = str(data)
        done = subprocess.run(
            [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
        )
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def test_scale_claim_and_explain(pg_url: str) -> None:
    figures = bench(
        "bench/scale.py",
        *("--posts", "3000", "--small", "1000", "--backlog", "100", "--samples", "5"),
        *("--requests", "3", "--seconds", "0.5"),
        database_url=pg_url,
    )
    for key in (
        "posts",
        "list_by_status_ratio",
        "metrics_ratio",
        "claim_busy_ms",
        "claim_select1_ratio",
        "api_get_ratio",
        "api_p99_ratio",
    ):
        assert isinstance(figures[key], int | float), key
    assert figures["claimed_per_call"] == 10
    plans = subprocess.run(
        [sys.executable, "bench/explain.py", "--database-url", pg_url],
        cwd=ROOT,
        env=dict(os.environ, PYTHONPATH=str(ROOT)),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert plans.returncode == 0, plans.stderr[-3000:]
    for path in ("claim", "list", "count", "get", "auth"):
        assert f"-- {path}" in plans.stdout
    claim = bench(
        "bench/claim.py",
        *("--posts", "2000", "--backlog", "50", "--samples", "5"),
        database_url=pg_url,
    )
    assert claim["claimed_per_call"] == 10


def test_peak(pg_url: str) -> None:
    figures = bench(
        "bench/peak.py",
        *("--channels", "20", "--history", "500", "--due", "6", "--publishers", "1"),
        *("--lead", "2", "--timeout", "120"),
        database_url=pg_url,
    )
    assert figures["published"] == 6
    for key in ("posts", "lateness_p99_s", "http_429", "cpu_s_per_post"):
        assert key in figures


def test_limiter_both_kinds(pg_url: str) -> None:
    figures = bench("bench/limiter.py", "--tokens", "2", "--inits", "2", database_url=pg_url)
    assert figures["memory"]["inits"] == figures["postgres"]["inits"] == 4  # type: ignore[index]


def test_upload_and_s3_put() -> None:
    upload = bench("bench/upload.py", "--sizes", "3M", "--chunk-sizes", "10000000")
    assert upload["runs"][0]["curl_bytes_per_s"] > 0  # type: ignore[index]
    s3 = bench("bench/s3_put.py", "--sizes", "3M")
    assert s3["runs"][0]["boto3_seconds"] >= 0  # type: ignore[index]
