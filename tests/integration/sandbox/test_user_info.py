"""User info: only requested fields, each gated by its scope."""

from __future__ import annotations

from datetime import timedelta

from tests.integration.sandbox.harness import Tik


async def test_requested_fields_only(tik: Tik) -> None:
    token = (await tik.login())["access_token"]
    reply = await tik.api(
        "GET",
        "/v2/user/info/",
        token,
        params={"fields": "open_id,display_name,username,follower_count"},
    )
    assert reply.status == 200 and reply.code == "ok" and reply.body["error"]["message"] == ""
    assert reply.data["user"] == {
        "open_id": "sbx-open-sandbox_brand",
        "display_name": "Sandbox Brand",
        "username": "sandbox_brand",
        "follower_count": 1200,
    }
    log_id = reply.body["error"]["log_id"]
    assert len(log_id) == 34 and log_id[:14].isdigit() and log_id[14:].isupper()


async def test_fields_beyond_the_granted_scopes_are_refused(tik: Tik) -> None:
    token = (await tik.login(scopes="user.info.basic"))["access_token"]
    reply = await tik.api(
        "GET", "/v2/user/info/", token, params={"fields": "open_id,follower_count,username"}
    )
    assert (reply.status, reply.code) == (400, "scope_permission_missed")
    assert "user.info.profile" in reply.body["error"]["message"]


async def test_missing_or_unknown_fields_are_invalid_params(tik: Tik) -> None:
    token = (await tik.login())["access_token"]
    none = await tik.api("GET", "/v2/user/info/", token)
    odd = await tik.api("GET", "/v2/user/info/", token, params={"fields": "open_id,email"})
    assert none.code == odd.code == "invalid_params" and "email" in odd.body["error"]["message"]


async def test_bad_and_expired_tokens_are_access_token_invalid(tik: Tik) -> None:
    missing = await tik.api("GET", "/v2/user/info/", None, params={"fields": "open_id"})
    wrong = await tik.api("GET", "/v2/user/info/", "act.nope", params={"fields": "open_id"})
    token = (await tik.login())["access_token"]
    tik.clock.advance(timedelta(hours=2))
    expired = await tik.api("GET", "/v2/user/info/", token, params={"fields": "open_id"})
    assert {missing.code, wrong.code, expired.code} == {"access_token_invalid"}
    assert expired.status == 401


async def test_video_count_counts_public_posts(tik: Tik) -> None:
    token = (await tik.login())["access_token"]
    reply = await tik.api("GET", "/v2/user/info/", token, params={"fields": "video_count"})
    assert reply.data["user"]["video_count"] == 24  # the seeded history
