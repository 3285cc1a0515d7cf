"""The accounts_api worker's pass against the sandbox: each connection's token refresh,
insights sync and comments sync is one run with its own canonical line, counting the
Business API calls it made, and no connection's ids reach another's lines."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import aiohttp
import pytest
from aiohttp.test_utils import TestServer

from adapters.sandbox.app import create_app as create_sandbox
from adapters.sandbox.business import BusinessSettings
from adapters.sandbox.settings import SandboxSettings
from entrypoints import workers
from entrypoints.container import Container, open_container
from tests.log_lines import LogLines

REDIRECT = "http://127.0.0.1:8080/oauth/tiktok-business/callback/"


@pytest.fixture
async def container(tmp_path: Path) -> AsyncIterator[Container]:
    settings = BusinessSettings(rate_window_s=1.0)
    sandbox = TestServer(
        create_sandbox(SandboxSettings(creators=[]), business_settings=settings), host="127.0.0.1"
    )
    await sandbox.start_server()
    base = str(sandbox.make_url("")).rstrip("/")
    try:
        async with open_container(
            backend="memory",
            tiktok="fake",
            clock="fake",
            data_dir=str(tmp_path),
            business_app_id=settings.app_id,
            business_secret=settings.secret,
            business_api_base=base,
            business_authorize_url=f"{base}/tt_user/auth/authorize/",
            business_redirect_uri=REDIRECT,
        ) as c:
            c.clock().set(datetime.now(UTC))
            yield c
    finally:
        await sandbox.close()


async def connect(c: Container, org: str, username: str) -> Any:
    started = await c.business().connect(organisation_id=org)
    async with (
        aiohttp.ClientSession() as http,
        http.get(f"{started.authorize_url}&account={username}", allow_redirects=False) as r,
    ):
        query = parse_qs(urlsplit(r.headers["Location"]).query)
    done = await c.business().complete(state=query["state"][0], code=query["code"][0])
    return done.connection


async def test_each_connection_s_refresh_and_syncs_are_runs(
    container: Container, lines: LogLines
) -> None:
    first = await connect(container, "org1", "sandbox_business")
    second = await connect(container, "org2", "sandbox_small")
    container.clock().advance(timedelta(hours=23, minutes=45))  # the 24 h tokens near their end
    lines.clear()
    await workers.STEPS["accounts_api"](container)()
    ours = {first.channel_id: first, second.channel_id: second}
    for use_case in ("refresh_business_token", "sync_business_insights", "sync_comments"):
        found = [line for line in lines if line.get("use_case") == use_case]
        assert sorted(line["channel_id"] for line in found) == sorted(ours), (use_case, lines)
        for line in found:
            connection = ours[line["channel_id"]]
            assert line["outcome"] == "ok", line
            assert line["organisation_id"] == connection.organisation_id
            assert line["tiktok_calls"] >= 1 and line["duration_ms"] >= 0
    for line in lines:  # no line of one connection names the other's channel or org
        if line.get("channel_id") in ours:
            assert line["organisation_id"] == ours[line["channel_id"]].organisation_id
        elif line["event"] != "use_case":
            assert "channel_id" not in line and "organisation_id" not in line, line
