"""Start-up imports only what the configuration uses: building the container (and the
worker loops) for a configuration without media checks or S3 loads neither PyAV,
aiobotocore/botocore nor the sandbox; the CLI's --help loads none of the drivers."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

HEAVY = ("av", "aiobotocore", "botocore", "adapters.sandbox", "asyncpg", "aiohttp")


def _loaded_after(code: str) -> list[str]:
    probe = (
        f"{code}\nimport sys, json\nprint(json.dumps([m for m in {HEAVY!r} if m in sys.modules]))"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    return list(json.loads(out.stdout.strip().splitlines()[-1]))


def test_the_cli_help_loads_no_driver() -> None:
    assert _loaded_after("from entrypoints.cli.main import cli") == []


def test_a_worker_container_without_media_or_s3_loads_neither_pyav_nor_s3_nor_the_sandbox(
    tmp_path: Path,
) -> None:
    loaded = _loaded_after(
        "import entrypoints.workers\n"
        "from entrypoints.container import build_container\n"
        "c = build_container(backend='memory', tiktok='fake', storage='local', probe='pyav', "
        f"data_dir={str(tmp_path)!r})\n"  # never the working tree's ./.data
        "c.run_publisher_pass(); c.run_tracker_pass(); c.run_token_upkeep()"
    )
    assert not {"av", "aiobotocore", "botocore", "adapters.sandbox"} & set(loaded)


def test_drivers_load_only_with_the_adapters_that_need_them() -> None:
    """Memory state and the fake TikTok need neither asyncpg nor aiohttp to be built."""
    loaded = _loaded_after(
        "from entrypoints.container import build_container\n"
        "c = build_container(backend='memory', tiktok='fake', storage='memory')\n"
        "c.create_post(); c.run_publisher_pass()"
    )
    assert loaded == []
