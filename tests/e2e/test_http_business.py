"""The Accounts API through the HTTP API, against the sandbox: connect (kind accounts_api),
the channel's connections, sync, an insight with a completion trend and watch time, a
webhook-ingested comment answered once, hide, delete our own, and the bad inputs."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from typing import Any
from urllib.parse import parse_qs, urlsplit

import attrs
import pytest
from aiohttp.test_utils import TestClient, TestServer

from entrypoints.container import open_container
from entrypoints.http.app import create_app
from entrypoints.http.keys import CONTAINER
from tests.business_sandbox import business_sandbox
from tests.e2e.openapi_check import Answer, check_answers


@attrs.define
class Api:
    client: TestClient
    token: str
    sandbox_base: str
    business: Any
    answers: list[Answer] = attrs.Factory(list)  # checked against the document at the end

    async def call(
        self,
        method: str,
        path: str,
        body: Any = None,
        *,
        expect: int,
        headers: dict[str, str] | None = None,
    ) -> Any:
        hdrs = {"Authorization": f"Bearer {self.token}", **(headers or {})}
        data = None if body is None else json.dumps(body)
        if data is not None:
            hdrs["Content-Type"] = "application/json"
        async with self.client.request(method, path, data=data, headers=hdrs) as r:
            payload = await r.json(content_type=None)
            self.answers.append((method, r.url.path, r.status, payload))
            assert r.status == expect, (r.status, payload)
            return payload


@pytest.fixture
async def api(tmp_path: Any) -> AsyncIterator[Api]:
    async with (
        business_sandbox() as sandbox,
        open_container(**sandbox.service_settings(tmp_path, storage="memory")) as container,
    ):
        client = TestClient(TestServer(create_app(container), host="127.0.0.1"))
        await client.start_server()
        issued = await container.issue_api_key()(organisation_id="org-a", name="tests")
        api = Api(client, issued.token.reveal(), sandbox.base, sandbox.business)
        try:
            yield api
        finally:
            await client.close()
        check_answers(api.answers)


async def connect(api: Api, username: str = "sandbox_business") -> str:
    started = await api.call("POST", "/v1/channels/connect", {"kind": "accounts_api"}, expect=201)
    assert started["kind"] == "accounts_api"
    async with api.client.session.get(
        f"{started['authorize_url']}&account={username}", allow_redirects=False
    ) as r:
        query = parse_qs(urlsplit(r.headers["Location"]).query)
    async with api.client.get(
        "/oauth/tiktok-business/callback/",
        params={"state": query["state"][0], "code": query["code"][0]},
    ) as back:
        assert back.status == 200 and "Accounts API" in await back.text()
    (channel,) = (await api.call("GET", "/v1/channels", expect=200))["items"]
    return str(channel["id"])


async def test_connect_sync_insight_and_a_comment_answered_once(api: Api) -> None:
    channel = await connect(api)
    shown = await api.call("GET", f"/v1/channels/{channel}/connections", expect=200)
    assert [c["kind"] for c in shown["items"]] == ["accounts_api"]
    assert "comments_manage" in shown["items"][0]["capabilities"]
    assert "token" not in json.dumps(shown["accounts_api"]).replace("access_expires_at", "")

    await api.call(
        "PUT", f"/v1/channels/{channel}/time-zone", {"time_zone": "Europe/Berlin"}, expect=200
    )
    synced = await api.call("POST", f"/v1/channels/{channel}/accounts-api/sync", expect=200)
    assert synced["days"] >= 56
    insight = await api.call("POST", f"/v1/channels/{channel}/insights", expect=201)
    assert insight["time_zone"] == "Europe/Berlin"
    assert (
        insight["completion_trend"]["available"] and len(insight["completion_trend"]["points"]) >= 8
    )
    assert insight["watch"]["average_watch_time_s"]["value"] > 0
    stored = await api.call(
        "GET", f"/v1/channels/{channel}/accounts-api/analytics?days=60", expect=200
    )
    assert stored["audience"]["available"] and len(stored["days"]) >= 56

    api.business.settings.webhook_url = str(api.client.make_url("/connect/webhook/tiktok-business"))
    async with api.client.session.post(
        f"{api.sandbox_base}/_sandbox/business/comments", json={"username": "sandbox_business"}
    ) as r:
        made = await r.json()
    comment, video = made["comment_ids"][0], made["video_id"]
    for _ in range(200):
        inbox = await api.call("GET", f"/v1/channels/{channel}/conversations", expect=200)
        if inbox["unread"]:
            break
        await asyncio.sleep(0.02)
    assert inbox["unread"] == 1 and inbox["items"][0]["video_id"] == video

    key = {"Idempotency-Key": "reply-1"}
    first = await api.call(
        "POST",
        f"/v1/channels/{channel}/comments/{comment}/reply",
        {"text": "Thanks!"},
        expect=201,
        headers=key,
    )
    again = await api.call(
        "POST",
        f"/v1/channels/{channel}/comments/{comment}/reply",
        {"text": "Thanks!"},
        expect=201,
        headers=key,
    )
    assert first == again and first["intent"]["state"] == "posted"
    assert api.business.state.replies_created == 1
    thread = await api.call("GET", f"/v1/channels/{channel}/conversations/{video}", expect=200)
    assert [m["owner"] for m in thread["items"]] == [False, True] and thread["marked_read"] == 1

    hidden = await api.call("POST", f"/v1/channels/{channel}/comments/{comment}/hide", expect=200)
    assert hidden["visibility"] == "hidden"
    refused = await api.call("DELETE", f"/v1/channels/{channel}/comments/{comment}", expect=409)
    assert "own" in refused["message"]
    reply = first["intent"]["reply_comment_id"]
    gone = await api.call("DELETE", f"/v1/channels/{channel}/comments/{reply}", expect=200)
    assert gone["visibility"] == "deleted"


async def test_bad_inputs_are_clear_problems(api: Api) -> None:
    channel = await connect(api)
    await api.call(
        "PUT", f"/v1/channels/{channel}/time-zone", {"time_zone": "Mars/Olympus"}, expect=422
    )
    await api.call("GET", "/v1/channels/nope/conversations", expect=404)
    await api.call("POST", f"/v1/channels/{channel}/comments/none/reply", {"text": "x"}, expect=404)
    await api.call("POST", f"/v1/channels/{channel}/comments/none/reply", {"text": 5}, expect=422)
    await api.call("POST", "/v1/channels/connect", {"kind": "carrier_pigeon"}, expect=422)
    async with api.client.post("/connect/webhook/tiktok-business", data=b"{}") as r:
        assert r.status == 401


async def test_another_organisation_sees_nothing(api: Api) -> None:
    channel = await connect(api)
    assert api.client.app is not None
    other = await api.client.app[CONTAINER].issue_api_key()(organisation_id="org-b", name="other")
    stranger = Api(api.client, other.token.reveal(), api.sandbox_base, api.business)
    await stranger.call("GET", f"/v1/channels/{channel}/connections", expect=404)
    await stranger.call("GET", f"/v1/channels/{channel}/conversations", expect=404)
    await stranger.call("POST", f"/v1/channels/{channel}/accounts-api/sync", expect=404)


async def test_every_other_accounts_api_answer_fits_the_document(api: Api) -> None:
    """The routes the walk above leaves out; each answer is checked at teardown."""
    channel = await connect(api)
    api.business.settings.webhook_url = str(api.client.make_url("/connect/webhook/tiktok-business"))
    async with api.client.session.post(
        f"{api.sandbox_base}/_sandbox/business/comments", json={"username": "sandbox_business"}
    ) as r:
        made = await r.json()
    comment, video = made["comment_ids"][0], made["video_id"]
    synced = await api.call(
        "POST", f"/v1/channels/{channel}/comments/sync", {"video_id": video}, expect=200
    )
    assert synced["seen"] >= 1
    await api.call("POST", f"/v1/channels/{channel}/comments/{comment}/hide", expect=200)
    shown = await api.call("POST", f"/v1/channels/{channel}/comments/{comment}/unhide", expect=200)
    assert shown["visibility"] == "public"
    refreshed = await api.call("POST", f"/v1/channels/{channel}/accounts-api/refresh", expect=200)
    assert refreshed["connection"]["kind"] == "accounts_api"
    gone = await api.call("POST", f"/v1/channels/{channel}/accounts-api/disconnect", expect=200)
    assert gone["connection"]["status"] == "disconnected" and gone["purge_after_days"] > 0
