"""TikTok's caps over HTTP: a clear 429 problem, never a 502 (issue 13.7)."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from datetime import timedelta

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


async def capped_post(api: Api, channel_id: str, name: str) -> str:
    key = await api.upload(name, os.urandom(200_000))
    created = await api.call(
        "POST",
        "/v1/posts",
        {
            "channel_id": channel_id,
            "kind": "video",
            "caption": "Launch #new",
            "media": {"video_key": key},
            "settings": {"privacy_level": "SELF_ONLY"},
        },
        expect=201,
    )
    post_id: str = created["post"]["id"]
    await api.call("POST", f"/v1/posts/{post_id}/approve", {"approved_by": "c"}, expect=200)
    return post_id


async def test_during_the_app_cap_publish_now_is_429_and_retry_brings_a_post_forward(
    api: Api,
) -> None:
    channel = await api.connect()
    first = await capped_post(api, channel["id"], "a.mp4")
    await api.call("POST", f"/v1/posts/{first}/publish-now", expect=202)
    api.world.tiktok.fail_next("init_video", api_error("reached_active_user_cap", http_status=403))
    await api.world.c.run_publisher_pass()()
    deferred = await api.call("GET", f"/v1/posts/{first}", expect=200)
    assert deferred["status"] == "scheduled"

    second = await capped_post(api, channel["id"], "b.mp4")
    refused = await api.call("POST", f"/v1/posts/{second}/publish-now", expect=429)
    assert refused["code"] == "reached_active_user_cap" and refused["until"]

    retried = await api.call("POST", f"/v1/posts/{first}/retry", {}, expect=200)
    assert retried["status"] == "scheduled"
    await api.world.c.run_publisher_pass()()
    sent = await api.call("GET", f"/v1/posts/{first}", expect=200)
    assert sent["status"] == "publishing" and sent["attempts"] == 2


async def test_creator_options_never_waits_on_the_rate_window(api: Api) -> None:
    """Issue 13.12: ~20 calls a minute held a request 51 s. Now a cache answers, and a full
    window is a 429 problem with Retry-After at once."""
    from application.errors import TikTokApiError
    from domain.tiktok_errors import ErrorSource, classify

    channel = await api.connect()
    path = f"/v1/channels/{channel['id']}/creator-options"
    first = await api.call("GET", path, expect=200)
    for _ in range(25):
        assert await api.call("GET", path, expect=200) == first
    api.world.clock.advance(timedelta(minutes=1))  # the cache lapsed; the window is full
    api.world.tiktok.fail_next(
        "creator_info",
        TikTokApiError(classify(ErrorSource.CLIENT, "rate_window_full", retry_after_s=17.2)),
    )
    response = await api.client.get(path, headers={"Authorization": f"Bearer {api.token}"})
    assert response.status == 429
    assert response.headers["Retry-After"] == "18"  # never before it opens
    assert (await response.json())["code"] == "tiktok_rate_window_full"
