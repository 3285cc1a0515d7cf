"""An API client over the in-memory World: the real aiohttp app, real routes, real
middleware; TikTok is the stateful fake."""

from __future__ import annotations

import json
import os
import time
from typing import Any
from urllib.parse import parse_qs, urlsplit

import attrs
from aiohttp.test_utils import TestClient, TestServer
from dependency_injector import providers

from adapters.sandbox.webhooks import sign
from entrypoints.http.app import create_app
from tests.e2e.openapi_check import check_answers
from tests.unit.application.world import GOOD_VIDEO, World

SECRET, CLIENT_KEY = "webhook-secret", "ck-test"


@attrs.define
class Api:
    world: World
    client: TestClient
    token: str
    org: str
    answers: list[tuple[str, str, int, Any]] = attrs.Factory(list)  # method, path, status, body

    @classmethod
    async def start(cls, world: World | None = None, org: str = "org-a") -> Api:
        world = world or World.build()
        world.c.config.from_dict({"tiktok_client_key": CLIENT_KEY, "tiktok_client_secret": SECRET})
        world.c.console_session_key.override(providers.Object(os.urandom(32)))  # not ./.data
        client = TestClient(TestServer(create_app(world.c)))
        await client.start_server()
        issued = await world.c.issue_api_key()(organisation_id=org, name="tests")
        return cls(world, client, issued.token.reveal(), org)

    async def as_org(self, org: str) -> Api:
        """Another organisation on the same server."""
        issued = await self.world.c.issue_api_key()(organisation_id=org, name="tests")
        return Api(self.world, self.client, issued.token.reveal(), org, self.answers)

    async def call(
        self,
        method: str,
        path: str,
        body: Any = None,
        *,
        expect: int | None = None,
        headers: dict[str, str] | None = None,
        **kw: Any,
    ) -> Any:
        hdrs = {"Authorization": f"Bearer {self.token}", **(headers or {})}
        data = None if body is None else json.dumps(body)
        if data is not None:
            hdrs["Content-Type"] = "application/json"
        async with self.client.request(method, path, data=data, headers=hdrs, **kw) as answer:
            payload = await answer.json(content_type=None)
            self.answers.append((method, answer.url.path, answer.status, payload))
            if expect is not None:
                assert answer.status == expect, (answer.status, payload)
            return payload

    async def connect(self, open_id: str = "open-1", username: str = "brand") -> dict[str, Any]:
        """The whole redirect flow: start, TikTok's redirect back, the callback."""
        if open_id not in self.world.tiktok.accounts:
            self.world.tiktok.add_account(open_id, username=username)
        started = await self.call(
            "POST", "/v1/channels/connect", {"return_url": "/done"}, expect=201
        )
        state = parse_qs(urlsplit(started["authorize_url"]).query)["state"][0]
        code = self.world.tiktok.issue_code(open_id)
        async with self.client.get(
            "/oauth/tiktok/callback", params={"state": state, "code": code}, allow_redirects=False
        ) as back:
            assert back.status == 302
            location = back.headers["Location"]
        listed = await self.call("GET", "/v1/channels", expect=200)
        channel: dict[str, Any] = next(c for c in listed["items"] if c["open_id"] == open_id)
        assert location == f"/done?channel_id={channel['id']}"  # the return URL names it
        return channel

    async def send(
        self, method: str, path: str, data: bytes, content_type: str, *, expect: int, **params: str
    ) -> Any:
        """A raw (non-JSON) body, such as a media file or an audience CSV."""
        headers = {"Authorization": f"Bearer {self.token}", "Content-Type": content_type}
        async with self.client.request(
            method, path, params=params, data=data, headers=headers
        ) as answer:
            payload = await answer.json(content_type=None)
            self.answers.append((method, answer.url.path, answer.status, payload))
            assert answer.status == expect, (answer.status, payload)
            return payload

    async def upload(self, name: str, data: bytes, content_type: str = "video/mp4") -> str:
        stored = await self.send("POST", "/v1/media", data, content_type, expect=201, name=name)
        key: str = stored["key"]
        if content_type.startswith("video/"):
            self.world.probe.videos[key] = GOOD_VIDEO
        return key

    async def webhook(
        self,
        event: str,
        content: dict[str, Any],
        open_id: str = "open-1",
        *,
        secret: str = SECRET,
        at: int | None = None,
    ) -> int:
        stamp = at or int(time.time())
        body = json.dumps(
            {
                "client_key": CLIENT_KEY,
                "event": event,
                "create_time": stamp,
                "user_openid": open_id,
                "content": json.dumps(content),
            }
        )
        async with self.client.post(
            "/connect/webhook/tiktok",
            data=body.encode(),
            headers={"TikTok-Signature": sign(secret, stamp, body)},
        ) as answer:
            return answer.status

    async def close(self) -> None:
        """Stop the server, then check every answer this test got against the document."""
        await self.client.close()
        check_answers(self.answers)
