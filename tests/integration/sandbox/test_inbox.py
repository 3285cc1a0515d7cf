"""Inbox (draft) uploads: delivery to the inbox, the creator posting, the pending cap."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from tests.integration.sandbox.harness import Tik, WebhookSink

INBOX = "/v2/post/publish/inbox/video/init/"


def inbox_body(size: int) -> dict[str, object]:
    return {
        "source_info": {
            "source": "FILE_UPLOAD",
            "video_size": size,
            "chunk_size": size,
            "total_chunk_count": 1,
        }
    }


async def send_to_inbox(tik: Tik, token: str, payload: bytes) -> str:
    init = await tik.api("POST", INBOX, token, inbox_body(len(payload)))
    assert init.code == "ok", init.body
    assert init.data["publish_id"].startswith("v_inbox_file~v2.")
    await tik.upload_file(init.data["upload_url"], payload, len(payload), 1)
    await tik.settle()
    return str(init.data["publish_id"])


async def test_an_inbox_upload_waits_for_the_creator(
    tik: Tik, media: dict[str, Path], webhooks: WebhookSink
) -> None:
    token = (await tik.login())["access_token"]
    publish_id = await send_to_inbox(tik, token, media["good"].read_bytes())
    assert (await tik.status(token, publish_id)).data["status"] == "SEND_TO_USER_INBOX"
    assert (await tik.control("GET", "/posts")).body == []
    posted = await tik.control(
        "POST",
        f"/inbox/{publish_id}/post",
        {"privacy_level": "PUBLIC_TO_EVERYONE", "caption": "From inbox"},
    )
    assert posted.status == 200
    await tik.settle()
    status = await tik.status(token, publish_id)
    assert status.data["status"] == "PUBLISH_COMPLETE"
    assert status.data["publicaly_available_post_id"] == [int(posted.body["post_id"])]
    events = [e for e, c in webhooks.events() if c.get("publish_id") == publish_id]
    assert events == [
        "post.publish.inbox_delivered",
        "post.publish.complete",
        "post.publish.publicly_available",
    ]


async def test_inbox_init_needs_video_upload(tik: Tik) -> None:
    token = (await tik.login(scopes="user.info.basic,video.publish"))["access_token"]
    reply = await tik.api("POST", INBOX, token, inbox_body(10_000_000))
    assert (reply.status, reply.code) == (401, "scope_not_authorized")


async def test_at_most_five_pending_shares_and_a_lapse_frees_one(
    tik: Tik, media: dict[str, Path]
) -> None:
    token = (await tik.login())["access_token"]
    payload = media["good"].read_bytes()
    drafts = [await send_to_inbox(tik, token, payload) for _ in range(5)]
    tik.clock.advance(timedelta(seconds=61))  # past the 6-per-minute init limit
    refused = await tik.api("POST", INBOX, token, inbox_body(len(payload)))
    assert (refused.status, refused.code) == (403, "spam_risk_too_many_pending_share")
    lapsed = await tik.control("POST", f"/inbox/{drafts[0]}/lapse")
    assert lapsed.status == 200 and not lapsed.body["pending_share"]
    assert (await tik.api("POST", INBOX, token, inbox_body(len(payload)))).code == "ok"


async def test_posting_a_draft_that_is_not_in_the_inbox_is_refused(tik: Tik) -> None:
    token = (await tik.login())["access_token"]
    init = await tik.api("POST", INBOX, token, inbox_body(10_000_000))
    reply = await tik.control("POST", f"/inbox/{init.data['publish_id']}/post", {})
    assert reply.status == 409 and reply.body["code"] == "not_in_inbox"
