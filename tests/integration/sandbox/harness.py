"""Drive the sandbox with plain HTTP (never our own TikTok client), plus the servers it
talks to: a media host for PULL_FROM_URL and a webhook sink."""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import aiohttp
import attrs
from aiohttp import web
from aiohttp.test_utils import TestServer

from adapters.memory.clock import FakeClock
from adapters.sandbox.app import create_app
from adapters.sandbox.keys import PROCESSOR, SANDBOX, WEBHOOKS
from adapters.sandbox.settings import SandboxSettings

REDIRECT = "http://127.0.0.1:8080/oauth/tiktok/callback"
ALL_SCOPES = (
    "user.info.basic,user.info.profile,user.info.stats,video.list,video.upload,video.publish"
)


@attrs.define
class Reply:
    status: int
    body: Any
    headers: Any

    @property
    def code(self) -> str:
        return str(self.body["error"]["code"])

    @property
    def data(self) -> dict[str, Any]:
        return self.body["data"]  # type: ignore[no-any-return]


@attrs.define
class WebhookSink:
    received: list[tuple[dict[str, str], str]] = attrs.Factory(list)
    fail_first: int = 0

    async def handle(self, request: web.Request) -> web.Response:
        body = await request.text()
        if self.fail_first > 0:
            self.fail_first -= 1
            return web.Response(status=500)
        self.received.append((dict(request.headers), body))
        return web.Response(status=200)

    def events(self) -> list[tuple[str, dict[str, Any]]]:
        out = []
        for _, body in self.received:
            envelope = json.loads(body)
            out.append((envelope["event"], json.loads(envelope["content"])))
        return out

    async def wait_for(self, event: str, count: int = 1, timeout: float = 10.0) -> None:
        async with asyncio.timeout(timeout):
            while sum(1 for e, _ in self.events() if e == event) < count:
                await asyncio.sleep(0.02)


def signature_ok(secret: str, headers: dict[str, str], body: str) -> bool:
    parts = dict(p.split("=", 1) for p in headers["TikTok-Signature"].split(","))
    expected = hmac.new(
        secret.encode(), f"{parts['t']}.{body}".encode(), hashlib.sha256
    ).hexdigest()
    return hmac.compare_digest(expected, parts["s"])


class Tik:
    """A test's view of the sandbox over HTTP."""

    def __init__(
        self, base: str, app: web.Application, session: aiohttp.ClientSession, clock: FakeClock
    ) -> None:
        self.base = base
        self.app = app
        self.http = session
        self.clock = clock

    @property
    def sandbox(self):  # type: ignore[no-untyped-def]
        return self.app[SANDBOX]

    @property
    def settings(self) -> SandboxSettings:
        return self.app[SANDBOX].settings

    async def settle(self) -> None:
        """Let background processing, moderation and webhooks finish."""
        for _ in range(3):
            await self.app[PROCESSOR].drain()
            await self.app[WEBHOOKS].drain()

    # ---- OAuth ---------------------------------------------------------------------

    def authorize_query(self, **overrides: str) -> dict[str, str]:
        return {
            "client_key": self.settings.client_key,
            "scope": ALL_SCOPES,
            "response_type": "code",
            "redirect_uri": REDIRECT,
            "state": "st-1",
            **overrides,
        }

    async def approve(
        self, username: str = "sandbox_brand", scopes: str = ALL_SCOPES, **overrides: str
    ) -> dict[str, list[str]]:
        """Submit the consent form as a user would; returns the callback's query."""
        creator = self.sandbox.state.creator_by_username(username)
        form = self.authorize_query(scope=scopes, **overrides) | {
            "decision": "approve",
            "open_id": creator.open_id,
        }
        data = aiohttp.FormData(list(form.items()) + [("grant", s) for s in scopes.split(",")])
        async with self.http.post(
            f"{self.base}/v2/auth/authorize/", data=data, allow_redirects=False
        ) as response:
            assert response.status == 302, await response.text()
            return parse_qs(urlsplit(response.headers["Location"]).query)

    async def token(self, **form: str) -> Reply:
        fields = {
            "client_key": self.settings.client_key,
            "client_secret": self.settings.client_secret,
        } | form
        async with self.http.post(f"{self.base}/v2/oauth/token/", data=fields) as response:
            return Reply(response.status, await response.json(), response.headers)

    async def login(
        self, username: str = "sandbox_brand", scopes: str = ALL_SCOPES
    ) -> dict[str, Any]:
        query = await self.approve(username, scopes)
        reply = await self.token(
            grant_type="authorization_code", code=query["code"][0], redirect_uri=REDIRECT
        )
        assert reply.status == 200, reply.body
        return reply.body  # type: ignore[no-any-return]

    # ---- API -----------------------------------------------------------------------------

    async def api(
        self,
        method: str,
        path: str,
        token: str | None,
        body: Any = None,
        params: dict[str, str] | None = None,
    ) -> Reply:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        kwargs: dict[str, Any] = {"headers": headers, "params": params}
        if body is not None:
            kwargs["json"] = body
        async with self.http.request(method, f"{self.base}{path}", **kwargs) as response:
            text = await response.text()
            return Reply(response.status, json.loads(text) if text else None, response.headers)

    async def put_chunk(
        self,
        upload_url: str,
        data: bytes,
        first: int,
        total: int,
        content_type: str = "video/mp4",
        **headers: str,
    ) -> aiohttp.ClientResponse:
        hdrs = {
            "Content-Type": content_type,
            "Content-Range": f"bytes {first}-{first + len(data) - 1}/{total}",
        } | headers
        async with self.http.put(upload_url, data=data, headers=hdrs) as response:
            await response.read()
            return response

    async def upload_file(
        self, upload_url: str, payload: bytes, chunk_size: int, count: int
    ) -> list[int]:
        statuses = []
        for index in range(count):
            first = index * chunk_size
            last = len(payload) if index == count - 1 else first + chunk_size
            response = await self.put_chunk(upload_url, payload[first:last], first, len(payload))
            statuses.append(response.status)
        return statuses

    async def control(self, method: str, path: str, body: Any = None) -> Reply:
        async with self.http.request(method, f"{self.base}/_sandbox{path}", json=body) as response:
            text = await response.text()
            return Reply(response.status, json.loads(text) if text else None, response.headers)

    async def status(self, token: str, publish_id: str) -> Reply:
        return await self.api(
            "POST", "/v2/post/publish/status/fetch/", token, {"publish_id": publish_id}
        )


def file_init_body(
    size: int, chunk: int, count: int, privacy: str = "PUBLIC_TO_EVERYONE", **post_info: Any
) -> dict[str, Any]:
    return {
        "post_info": {"privacy_level": privacy, "title": "Hello #sandbox", **post_info},
        "source_info": {
            "source": "FILE_UPLOAD",
            "video_size": size,
            "chunk_size": chunk,
            "total_chunk_count": count,
        },
    }


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


async def start_sandbox(settings: SandboxSettings, data_dir: Path) -> tuple[TestServer, FakeClock]:
    clock = FakeClock(datetime.now(UTC).replace(microsecond=0))
    server = TestServer(create_app(settings, clock=clock, data_dir=data_dir), port=0)
    await server.start_server()
    return server, clock
