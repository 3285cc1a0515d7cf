"""Outgoing events through the HTTP API, delivered by the real sender to a receiver that
verifies them with the standardwebhooks package alone."""

from __future__ import annotations

import os
from datetime import UTC, datetime

import aiohttp
from aiohttp.test_utils import TestServer

from adapters.system.event_sender import StandardWebhookSender
from tests.e2e.api_world import Api
from tests.e2e.receiver import Receiver


async def test_a_platform_verifies_every_event_and_can_have_one_sent_again() -> None:
    receiver = Receiver()
    server = TestServer(receiver.app())
    await server.start_server()
    api = await Api.start()
    try:
        api.world.clock.set(datetime.now(UTC))  # receivers check the signing time
        api.world.c.config.from_dict({"events_allow_private": True})
        async with aiohttp.ClientSession() as session:
            api.world.c.event_sender.override(StandardWebhookSender(session))
            made = await api.call(
                "POST",
                "/v1/webhook-endpoints",
                {"url": str(server.make_url("/hooks")), "description": "platform"},
                expect=201,
            )
            receiver.secret = made["secret"]
            assert made["secret"] not in str(made["endpoint"])
            channel = await api.connect()
            key = await api.upload("clip.mp4", os.urandom(2000))
            post = (
                await api.call(
                    "POST",
                    "/v1/posts",
                    {
                        "channel_id": channel["id"],
                        "kind": "video",
                        "media": {"video_key": key},
                        "settings": {"privacy_level": "SELF_ONLY"},
                    },
                    expect=201,
                )
            )["post"]
            await api.call("POST", f"/v1/posts/{post['id']}/approve", {"approved_by": "c"})
            await api.call("POST", f"/v1/posts/{post['id']}/publish-now", {}, expect=202)
            await api.world.c.publish_due_post()(post_id=post["id"])
            await api.world.c.track_publish_status()(post_id=post["id"])
            while await api.world.c.deliver_events()():
                pass
            types = [item["type"] for item in receiver.verified]
            assert types == [
                "channel.connected",
                "post.scheduled",
                "post.publishing",
                "post.published",
            ]
            assert receiver.refused == 0
            published = receiver.verified[-1]["data"]
            shown = await api.call("GET", f"/v1/posts/{post['id']}", expect=200)
            assert published["share_url"] == shown["share_url"]
            assert published["post_id"] == post["id"]

            endpoint_id = made["endpoint"]["id"]
            detail = await api.call("GET", f"/v1/webhook-endpoints/{endpoint_id}", expect=200)
            assert [d["status"] for d in detail["deliveries"]] == ["delivered"] * 4
            assert all(d["attempt_log"][0]["status_code"] == 204 for d in detail["deliveries"])

            events = (await api.call("GET", "/v1/events?type=post.published", expect=200))["items"]
            (event,) = events
            await api.call("POST", f"/v1/events/{event['id']}/resend", {}, expect=202)
            while await api.world.c.deliver_events()():
                pass
            assert [i["webhook_id"] for i in receiver.verified].count(event["id"]) == 2
            assert len(receiver.unique()) == 4

            rotated = await api.call(
                "POST",
                f"/v1/webhook-endpoints/{endpoint_id}/rotate-secret",
                {"overlap_seconds": 3600},
                expect=200,
            )
            assert rotated["secret"] != made["secret"]
            await api.call("POST", f"/v1/events/{event['id']}/resend", {}, expect=202)
            while await api.world.c.deliver_events()():
                pass  # signed with both: the receiver still on the old secret verifies it
            assert receiver.refused == 0 and len(receiver.verified) == 6
    finally:
        api.world.c.event_sender.reset_override()
        await api.close()
        await server.close()


async def test_bad_endpoint_input_is_a_clear_problem() -> None:
    api = await Api.start()
    try:
        refused = await api.call(
            "POST", "/v1/webhook-endpoints", {"url": "http://127.0.0.1:9/x"}, expect=422
        )
        assert refused["code"] == "rules_violated"
        unknown = await api.call(
            "POST",
            "/v1/webhook-endpoints",
            {"url": "https://p.example/h", "event_types": ["post.nope"]},
            expect=422,
        )
        assert "event_types" in str(unknown)
        await api.call("GET", "/v1/events?type=nope", expect=400)
        await api.call("POST", "/v1/webhook-endpoints", {"url": 5}, expect=422)
        await api.call(
            "POST", "/v1/webhook-endpoints/we_x/rotate-secret", {"overlap_seconds": 60}, expect=404
        )
    finally:
        await api.close()


async def test_an_overlap_out_of_range_is_a_422_not_a_500() -> None:
    api = await Api.start()
    try:
        made = await api.call(
            "POST", "/v1/webhook-endpoints", {"url": "https://p.example/h"}, expect=201
        )
        path = f"/v1/webhook-endpoints/{made['endpoint']['id']}/rotate-secret"
        for overlap in (10**20, -1, 8 * 86_400):
            refused = await api.call("POST", path, {"overlap_seconds": overlap}, expect=422)
            assert "overlap_seconds" in str(refused)
    finally:
        await api.close()
