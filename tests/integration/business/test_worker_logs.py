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

from entrypoints import workers
from entrypoints.container import Container, open_container
from tests.business_sandbox import business_sandbox
from tests.log_lines import LogLines


@pytest.fixture
async def container(tmp_path: Path) -> AsyncIterator[Container]:
    async with (
        business_sandbox() as sandbox,
        open_container(**sandbox.service_settings(tmp_path, clock="fake")) as c,
    ):
        c.clock().set(datetime.now(UTC))
        yield c


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
