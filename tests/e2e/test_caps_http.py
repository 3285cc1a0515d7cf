"""TikTok's caps over HTTP: a clear 429 problem, never a 502 (issue 13.7)."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from adapters.memory.tiktok import api_error
from tests.e2e.api_world import Api


@pytest.fixture
async def api() -> AsyncIterator[Api]:
    started = await Api.start()
    yield started
    await started.close()


async def test_creator_options_during_the_app_cap_is_a_429_problem(api: Api) -> None:
    channel = await api.connect()
    api.world.tiktok.fail_next(
        "creator_info", api_error("reached_active_user_cap", http_status=200)
    )
    response = await api.client.get(
        f"/v1/channels/{channel['id']}/creator-options",
        headers={"Authorization": f"Bearer {api.token}"},
    )
    assert response.status == 429
    assert response.content_type == "application/problem+json"
    assert int(response.headers["Retry-After"]) > 0
    body = await response.json()
    assert body["code"] == "tiktok_reached_active_user_cap"
    assert "quota" in body["message"]
