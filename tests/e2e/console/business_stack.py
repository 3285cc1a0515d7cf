"""The console over the service with the sandbox's Accounts API (the memory backend, the
fake Login Kit): a business account connected through the console's own pages."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import attrs
from aiohttp.test_utils import TestClient, TestServer

from entrypoints.container import Container, open_container
from entrypoints.http.app import create_app
from tests.business_sandbox import business_sandbox
from tests.e2e.console.pages import Browser

HTML = {"Accept": "text/html,application/xhtml+xml"}


@attrs.define
class Stack:
    client: TestClient
    token: str
    sandbox_base: str
    business: Any  # the sandbox's Accounts API state
    container: Container

    async def browser(self, org: str = "org-a") -> Browser:
        token = self.token
        if org != "org-a":
            token = (
                await self.container.issue_api_key()(organisation_id=org, name="tests")
            ).token.reveal()
        browser = Browser(_Keyed(self.client, token))  # type: ignore[arg-type]
        await browser.sign_in()
        return browser

    async def login_kit_channel(self, open_id: str = "open-1") -> str:
        fake = self.container.tiktok_api()
        if open_id not in fake.accounts:
            fake.add_account(open_id, username="brand")
        started = await self.container.connect_channel()(organisation_id="org-a")
        done = await self.container.complete_oauth()(
            state=started.state, code=fake.issue_code(open_id)
        )
        return str(done.channel.id)

    async def consent(self, browser: Browser, channel_id: str) -> str:
        """Press "Connect business account": the sandbox consent page's URL."""
        answer = await browser.post(f"/console/channels/{channel_id}/business/connect")
        assert answer.status == 303, answer.status
        return str(answer.headers["Location"])

    async def connect_business(
        self, browser: Browser, channel_id: str, username: str = "sandbox_business"
    ) -> str:
        """The whole round trip through the console; the page it lands on."""
        authorize = await self.consent(browser, channel_id)
        async with self.client.session.get(
            f"{authorize}&account={username}", allow_redirects=False
        ) as r:
            query = parse_qs(urlsplit(r.headers["Location"]).query)
        async with self.client.get(
            "/oauth/tiktok-business/callback/",
            params={"state": query["state"][0], "code": query["code"][0]},
            headers=HTML,
        ) as back:
            assert back.status == 200, await back.text()
            assert back.url.path == f"/console/channels/{channel_id}/business"
            return await back.text()

    async def comment(self, channel_id: str, username: str = "sandbox_business") -> tuple[str, str]:
        """A fan's comment made at the sandbox, received by its webhook: (comment, video)."""
        self.business.settings.webhook_url = str(
            self.client.make_url("/connect/webhook/tiktok-business")
        )
        async with self.client.session.post(
            f"{self.sandbox_base}/_sandbox/business/comments", json={"username": username}
        ) as r:
            made = await r.json()
        inbox = self.container.business().inbox
        for _ in range(250):
            found = await inbox(organisation_id="org-a", channel_id=channel_id)
            if found.unread:
                break
            await asyncio.sleep(0.02)
        return str(made["comment_ids"][0]), str(made["video_id"])


@attrs.define
class _Keyed:
    """What Browser needs of an API: the client and the key to sign in with."""

    client: TestClient
    token: str


@asynccontextmanager
async def business_stack(tmp_path: Path) -> AsyncIterator[Stack]:
    async with (
        business_sandbox() as sandbox,
        open_container(**sandbox.service_settings(tmp_path, storage="memory")) as container,
    ):
        client = TestClient(TestServer(create_app(container), host="127.0.0.1"))
        await client.start_server()
        issued = await container.issue_api_key()(organisation_id="org-a", name="tests")
        try:
            yield Stack(client, issued.token.reveal(), sandbox.base, sandbox.business, container)
        finally:
            await client.close()
