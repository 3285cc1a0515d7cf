"""Faults, webhook delivery guarantees, and the /_sandbox/ control API."""

from __future__ import annotations

import asyncio
from pathlib import Path

import aiohttp
import pytest

from tests.integration.sandbox.harness import Tik, WebhookSink, file_init_body

INIT = "/v2/post/publish/video/init/"


async def test_a_429_burst(tik: Tik) -> None:
    token = (await tik.login())["access_token"]
    put = await tik.control("PUT", "/faults", {"burst_429": 2})
    assert put.body["burst_429"] == 2
    codes = [
        (await tik.api("GET", "/v2/user/info/", token, params={"fields": "open_id"})).code
        for _ in range(3)
    ]
    assert codes == ["rate_limit_exceeded", "rate_limit_exceeded", "ok"]


async def test_injected_server_errors(tik: Tik, media: dict[str, Path]) -> None:
    token = (await tik.login())["access_token"]
    payload = media["good"].read_bytes()
    init = await tik.api("POST", INIT, token, file_init_body(len(payload), len(payload), 1))
    await tik.control("PUT", "/faults", {"error_rate": 1.0})
    api = await tik.api("GET", "/v2/user/info/", token, params={"fields": "open_id"})
    assert (api.status, api.code) == (500, "internal_error")
    chunk = await tik.put_chunk(init.data["upload_url"], payload, 0, len(payload))
    assert chunk.status == 503
    oauth = await tik.token(grant_type="client_credentials")
    assert oauth.body["error"] == "server_error"
    await tik.control("PUT", "/faults", {"error_rate": 0.0})
    retried = await tik.put_chunk(init.data["upload_url"], payload, 0, len(payload))
    assert retried.status == 201  # the failed attempt stored nothing


async def test_timeouts_leave_the_caller_without_an_answer(tik: Tik) -> None:
    token = (await tik.login())["access_token"]
    await tik.control("PUT", "/faults", {"timeout_rate": 1.0, "hang_seconds": 5})
    with pytest.raises(TimeoutError):
        async with tik.http.get(
            f"{tik.base}/v2/user/info/",
            params={"fields": "open_id"},
            headers={"Authorization": f"Bearer {token}"},
            timeout=aiohttp.ClientTimeout(total=0.3),
        ):
            pass


async def test_added_latency(tik: Tik) -> None:
    token = (await tik.login())["access_token"]
    await tik.control("PUT", "/faults", {"latency_ms": 150})
    loop = asyncio.get_running_loop()
    started = loop.time()
    await tik.api("GET", "/v2/user/info/", token, params={"fields": "open_id"})
    assert loop.time() - started >= 0.15


async def test_stuck_processing_and_early_upload_expiry(tik: Tik, media: dict[str, Path]) -> None:
    token = (await tik.login())["access_token"]
    payload = media["good"].read_bytes()
    await tik.control("PUT", "/faults", {"stuck_processing": True, "upload_url_lifetime_s": 0})
    init = await tik.api("POST", INIT, token, file_init_body(len(payload), len(payload), 1))
    expired = await tik.put_chunk(init.data["upload_url"], payload, 0, len(payload))
    assert expired.status == 403
    await tik.control("PUT", "/faults", {"upload_url_lifetime_s": None})
    init = await tik.api("POST", INIT, token, file_init_body(len(payload), len(payload), 1))
    await tik.upload_file(init.data["upload_url"], payload, len(payload), 1)
    await tik.settle()
    assert (await tik.status(token, init.data["publish_id"])).data["status"] == "PROCESSING_UPLOAD"


async def test_bad_fault_settings_are_a_problem_body(tik: Tik) -> None:
    reply = await tik.control("PUT", "/faults", {"error_rate": "lots"})
    assert reply.status == 400 and reply.body["code"] == "invalid_fields"
    unknown = await tik.control("PUT", "/faults", {"meteor_strike": True})
    assert unknown.status == 400


async def test_webhooks_are_retried_until_acknowledged(
    tik: Tik, webhooks: WebhookSink, media: dict[str, Path]
) -> None:
    webhooks.fail_first = 2
    token = (await tik.login())["access_token"]
    payload = media["good"].read_bytes()
    init = await tik.api(
        "POST", INIT, token, file_init_body(len(payload), len(payload), 1, privacy="SELF_ONLY")
    )
    await tik.upload_file(init.data["upload_url"], payload, len(payload), 1)
    await tik.settle()
    await webhooks.wait_for("post.publish.complete")
    (delivery,) = (await tik.control("GET", "/webhooks")).body
    assert delivery["delivered"] and delivery["attempts"] == 3


async def test_duplicate_deliveries_on_purpose(tik: Tik, webhooks: WebhookSink) -> None:
    tik.settings.duplicate_webhooks = True
    await tik.login()
    await tik.control("POST", "/tokens/revoke", {"username": "sandbox_brand", "reason": 4})
    await webhooks.wait_for("authorization.removed", count=2)
    assert webhooks.events() == [("authorization.removed", {"reason": 4})] * 2


async def test_revoking_through_the_control_api(tik: Tik, webhooks: WebhookSink) -> None:
    token = (await tik.login())["access_token"]
    reply = await tik.control("POST", "/tokens/revoke", {"access_token": token})
    assert reply.body["revoked"] == 2  # the access and the refresh token
    user = await tik.api("GET", "/v2/user/info/", token, params={"fields": "open_id"})
    assert user.code == "access_token_invalid"
    await webhooks.wait_for("authorization.removed")
    missing = await tik.control("POST", "/tokens/revoke", {"username": "nobody"})
    assert missing.status == 404


async def test_creators_can_be_added_and_changed(tik: Tik) -> None:
    added = await tik.control("POST", "/creators", {"username": "new_one", "private_account": True})
    assert added.status == 201 and added.body["duet_disabled"]
    dup = await tik.control("POST", "/creators", {"username": "new_one"})
    assert dup.status == 409
    bad = await tik.control("POST", "/creators", {"username": "x", "follower_count": "many"})
    assert bad.status == 400 and "follower_count" in bad.body["detail"]
    changed = await tik.control(
        "PATCH", "/creators/new_one", {"max_video_post_duration_sec": 60, "comment_disabled": True}
    )
    assert changed.body["max_video_post_duration_sec"] == 60
    token = (await tik.login("new_one"))["access_token"]
    info = await tik.api("POST", "/v2/post/publish/creator_info/query/", token)
    assert info.data["comment_disabled"] and info.data["max_video_post_duration_sec"] == 60
    locked = await tik.control("PATCH", "/creators/new_one", {"open_id": "x"})
    assert locked.status == 400


async def test_reset_forgets_everything_but_the_settings(tik: Tik, media: dict[str, Path]) -> None:
    token = (await tik.login())["access_token"]
    payload = media["good"].read_bytes()
    init = await tik.api("POST", INIT, token, file_init_body(len(payload), len(payload), 1))
    await tik.upload_file(init.data["upload_url"], payload, len(payload), 1)
    await tik.settle()
    assert (await tik.control("POST", "/reset")).status == 200
    assert (await tik.control("GET", "/posts")).body == []
    assert (
        await tik.api("GET", "/v2/user/info/", token, params={"fields": "open_id"})
    ).code == "access_token_invalid"
    overview = await tik.control("GET", "/")
    assert overview.body["posts"] == 24 and overview.body["publications"] == 0


async def test_settings_can_be_changed_at_run_time(tik: Tik) -> None:
    ok = await tik.control("PATCH", "/settings", {"audited": False, "mb_reading": "decimal"})
    assert ok.body["changed"] == ["audited", "mb_reading"] and not tik.settings.audited
    bad = await tik.control("PATCH", "/settings", {"client_secret": "x"})
    assert bad.status == 400 and bad.body["code"] == "unknown_settings"
