"""Start-up imports only what the configuration uses: building the container (and the
worker loops) for a configuration without media checks or S3 loads neither PyAV,
aiobotocore/botocore nor the sandbox; the CLI's --help loads none of the drivers. A worker
reaches ``workers_started`` without aiohttp (its session opens on the first request),
prometheus_client (metrics built on first count), rich (the log is JSON off a terminal)
or pydantic (dependency-injector's probe)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

HEAVY = (
    "av",
    "aiobotocore",
    "botocore",
    "adapters.sandbox",
    "asyncpg",
    "aiohttp",
    "prometheus_client",
    "rich",
    "pydantic",
    "entrypoints.business_wiring",  # the Accounts API use-cases: built when first used
    "entrypoints.ads_wiring",  # the ads use-cases, likewise
    "domain.ads.model",
)
# What ``tiktok-channel worker`` imports before its first pass, in its order (log_config
# first: it imports structlog, without rich when stderr is not a terminal, as here).
WORKER_START = (
    "import entrypoints.log_config\n"
    "import entrypoints.workers\n"
    "from entrypoints.container import build_container\n"
)


def _loaded_after(code: str) -> list[str]:
    probe = (
        f"{code}\nimport sys, json\nprint(json.dumps([m for m in {HEAVY!r} if m in sys.modules]))"
    )
    out = subprocess.run(  # stderr a pipe: not a terminal, like a worker under a supervisor
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    )
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
    assert not {"asyncpg", "aiohttp"} & set(loaded)


def test_a_worker_starts_its_resources_without_aiohttp_prometheus_rich_or_pydantic(
    tmp_path: Path,
) -> None:
    """The worker's container with its resources started (the HTTP session among them),
    publishing over HTTP to TikTok with local storage and the PyAV probe configured:
    only asyncpg's absence is not asked (Postgres is the worker's backend)."""
    loaded = _loaded_after(
        WORKER_START + "import asyncio\n"
        "from entrypoints.container import open_resources\n"
        "c = build_container(backend='memory', tiktok='http', storage='local', probe='pyav', "
        f"data_dir={str(tmp_path)!r})\n"
        "async def start():\n"
        "    async with open_resources(c):\n"
        "        assert not c.http_session().opened\n"
        "asyncio.run(start())\n"
    )
    assert loaded == []


async def test_the_lazy_session_opens_on_the_first_request_and_closes_with_the_resource() -> None:
    from aiohttp import web
    from aiohttp.test_utils import TestServer

    from entrypoints.resources import http_session

    async def agent(request: web.Request) -> web.Response:
        return web.Response(text=request.headers["User-Agent"])

    app = web.Application()
    app.router.add_get("/", agent)
    async with TestServer(app) as server:
        resource = http_session()
        session = await anext(resource)
        assert not session.opened
        async with session.get(server.make_url("/")) as answer:
            assert (await answer.text()).startswith("tiktok-channel/")
        assert session.opened
        real = session.session()
        await resource.aclose()
        assert real.closed
