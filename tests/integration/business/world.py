"""The use-cases on in-memory state, talking to the sandbox's Accounts API through our
client, and a webhook receiver that verifies and applies comment.update like the API's."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from urllib.parse import parse_qs, urlsplit

import attrs
from aiohttp import web
from aiohttp.test_utils import TestServer

from adapters.memory.clock import SequentialIds
from adapters.memory.notifier import RecordingNotifier
from adapters.memory.store import MemoryStore
from adapters.memory.unit_of_work import MemoryUowFactory
from adapters.tiktok.business_client import TikTokBusinessClient
from application.use_cases.complete_business_oauth import BusinessConnected, CompleteBusinessOAuth
from application.use_cases.compute_insight import ComputeInsight
from application.use_cases.connect_business_account import ConnectBusinessAccount
from application.use_cases.ingest_comment_event import IngestCommentEvent
from application.use_cases.refresh_business_token import RefreshBusinessToken
from application.use_cases.reply_to_comment import ReplyToComment
from application.use_cases.sync_business_insights import SyncBusinessInsights
from application.use_cases.sync_comments import SyncComments
from entrypoints.http.tiktok_webhook import parse, verify
from tests.integration.business.harness import REDIRECT, Biz


@attrs.define
class World:
    biz: Biz
    client: TikTokBusinessClient
    store: MemoryStore = attrs.Factory(MemoryStore)
    ids: SequentialIds = attrs.Factory(SequentialIds)
    notifier: RecordingNotifier = attrs.Factory(RecordingNotifier)
    deliveries: int = 0
    refused: int = 0

    @property
    def uow(self) -> MemoryUowFactory:
        return MemoryUowFactory(self.store)

    def connect(self) -> ConnectBusinessAccount:
        return ConnectBusinessAccount(self.uow, self.client, self.biz.clock, self.ids, REDIRECT)

    def complete(self) -> CompleteBusinessOAuth:
        return CompleteBusinessOAuth(self.uow, self.client, self.biz.clock, self.ids)

    def sync(self) -> SyncBusinessInsights:
        return SyncBusinessInsights(self.uow, self.client, self.biz.clock)

    def insight(self) -> ComputeInsight:
        return ComputeInsight(self.uow, self.biz.clock)

    def sync_comments(self) -> SyncComments:
        return SyncComments(self.uow, self.client, self.biz.clock)

    def reply(self) -> ReplyToComment:
        return ReplyToComment(self.uow, self.client, self.biz.clock, self.ids)

    def refresh(self) -> RefreshBusinessToken:
        return RefreshBusinessToken(self.uow, self.client, self.biz.clock, self.notifier)

    def ingest(self) -> IngestCommentEvent:
        return IngestCommentEvent(self.uow, self.biz.clock)

    async def connect_account(
        self, username: str = "sandbox_business", org: str = "org1"
    ) -> BusinessConnected:
        started = await self.connect()(organisation_id=org)
        async with self.biz.http.get(
            f"{started.authorize_url}&account={username}", allow_redirects=False
        ) as r:
            query = parse_qs(urlsplit(r.headers["Location"]).query)
        return await self.complete()(state=query["state"][0], code=query["code"][0])

    async def receive(self, request: web.Request) -> web.Response:
        body = await request.read()
        why = verify(
            self.biz.sandbox.settings.secret,
            request.headers.get("TikTok-Signature", ""),
            body,
            self.biz.clock.now().timestamp(),
        )
        if why is not None:
            self.refused += 1
            return web.Response(status=401, text=why)
        event = parse(body)
        self.deliveries += 1
        await self.ingest()(
            identity=event.identity, business_id=str(event.user_openid), content=event.content
        )
        return web.Response(text="ok")


@asynccontextmanager
async def webhook_receiver(world: World) -> AsyncIterator[str]:
    app = web.Application()
    app.router.add_post("/hook", world.receive)
    server = TestServer(app, host="127.0.0.1")
    await server.start_server()
    try:
        yield str(server.make_url("/hook"))
    finally:
        await server.close()
