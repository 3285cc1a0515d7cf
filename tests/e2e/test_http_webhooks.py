"""The webhook receiver and OAuth callback over HTTP: forged and replayed events change
nothing; a genuine one publishes the post, once."""

from __future__ import annotations

import json
import time

import attrs
from aiohttp.test_utils import TestClient, TestServer

from adapters.sandbox.webhooks import sign
from domain.channel import ChannelStatus
from domain.post_content import VideoSource
from domain.post_state import PostStatus
from entrypoints.http.app import create_app
from tests.unit.application.test_publishing import PRIVATE
from tests.unit.application.world import ORG, World

SECRET, KEY = "webhook-secret", "ck-test"


def envelope(event: str, content: dict[str, object], open_id: str = "open-1") -> bytes:
    return json.dumps(
        {
            "client_key": KEY,
            "event": event,
            "create_time": int(time.time()),
            "user_openid": open_id,
            "content": json.dumps(content),
        }
    ).encode()


async def client_for(world: World) -> TestClient:
    world.c.config.from_dict({"tiktok_client_key": KEY, "tiktok_client_secret": SECRET})
    client = TestClient(TestServer(create_app(world.c)))
    await client.start_server()
    return client


async def test_forged_replayed_and_genuine_webhooks() -> None:
    world = World.build()
    channel = await world.connect()
    settings = attrs.evolve(PRIVATE, video_source=VideoSource.PULL_FROM_URL)
    post = await world.due(channel, media=world.video(), settings=settings)
    post = await world.c.publish_due_post()(post_id=post.id)
    body = envelope(
        "post.publish.complete", {"publish_id": post.publish_id, "publish_type": "DIRECT_PUBLISH"}
    )
    client = await client_for(world)
    try:
        now = int(time.time())
        forged = await client.post(
            "/connect/webhook/tiktok",
            data=body,
            headers={"TikTok-Signature": sign("not-the-secret", now, body.decode())},
        )
        replayed = await client.post(
            "/connect/webhook/tiktok",
            data=body,
            headers={"TikTok-Signature": sign(SECRET, now - 600, body.decode())},
        )
        unsigned = await client.post("/connect/webhook/tiktok", data=body)
        assert [r.status for r in (forged, replayed, unsigned)] == [401, 401, 401]
        assert (await forged.json())["code"] == "invalid_signature"
        assert "replay" in (await replayed.json())["message"]
        assert (await world.post(post.id)).status is PostStatus.PUBLISHING  # unchanged
        headers = {"TikTok-Signature": sign(SECRET, now, body.decode())}
        first = await client.post("/connect/webhook/tiktok", data=body, headers=headers)
        again = await client.post("/connect/webhook/tiktok", data=body, headers=headers)
        assert first.status == again.status == 200
        assert [(await r.json())["duplicate"] for r in (first, again)] == [False, True]
        stored = await world.post(post.id)
        assert stored.status is PostStatus.PUBLISHED
        assert [e.name for e in stored.events].count("PostPublished") == 1
        removed = envelope("authorization.removed", {"reason": 1})
        answer = await client.post(
            "/connect/webhook/tiktok",
            data=removed,
            headers={"TikTok-Signature": sign(SECRET, now, removed.decode())},
        )
        assert answer.status == 200
        assert (await world.channel(channel.id)).status is ChannelStatus.EXPIRED
        garbage = b"not json"
        bad = await client.post(
            "/connect/webhook/tiktok",
            data=garbage,
            headers={"TikTok-Signature": sign(SECRET, now, garbage.decode())},
        )
        assert bad.status == 400 and (await bad.json())["code"] == "invalid_event"
    finally:
        await client.close()


async def test_the_oauth_callback_connects_and_redirects() -> None:
    world = World.build()
    world.tiktok.add_account("open-9", "newbrand")
    client = await client_for(world)
    try:
        started = await world.c.connect_channel()(organisation_id=ORG, return_url="/channels")
        code = world.tiktok.issue_code("open-9")
        answer = await client.get(
            "/oauth/tiktok/callback",
            params={"state": started.state, "code": code},
            allow_redirects=False,
        )
        assert answer.status == 302
        assert answer.headers["Location"].startswith("/channels?channel_id=")
        again = await client.get(
            "/oauth/tiktok/callback", params={"state": started.state, "code": code}
        )
        assert again.status == 400 and (await again.json())["code"] == "invalid_oauth_state"
        health = await client.get("/healthz")
        assert (await health.json()) == {"status": "ok"}
        assert (await client.get("/readyz")).status == 200
    finally:
        await client.close()
