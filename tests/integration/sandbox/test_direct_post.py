"""Direct Post of a video by FILE_UPLOAD: creator_info, init rules, chunks, posting."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.integration.sandbox.harness import (
    Tik,
    WebhookSink,
    file_init_body,
    sha256,
    signature_ok,
)

INIT = "/v2/post/publish/video/init/"


async def test_creator_info_describes_the_creator(tik: Tik) -> None:
    token = (await tik.login())["access_token"]
    reply = await tik.api("POST", "/v2/post/publish/creator_info/query/", token)
    assert reply.code == "ok"
    assert reply.data["creator_username"] == "sandbox_brand"
    assert reply.data["privacy_level_options"] == [
        "PUBLIC_TO_EVERYONE",
        "MUTUAL_FOLLOW_FRIENDS",
        "SELF_ONLY",
    ]
    assert reply.data["max_video_post_duration_sec"] == 300
    private = (await tik.login("sandbox_private"))["access_token"]
    data = (await tik.api("POST", "/v2/post/publish/creator_info/query/", private)).data
    assert data["privacy_level_options"] == [
        "FOLLOWER_OF_CREATOR",
        "MUTUAL_FOLLOW_FRIENDS",
        "SELF_ONLY",
    ]
    assert data["duet_disabled"] and data["stitch_disabled"]


async def test_creator_info_reports_cannot_post_states_with_http_200(tik: Tik) -> None:
    token = (await tik.login("sandbox_banned"))["access_token"]
    reply = await tik.api("POST", "/v2/post/publish/creator_info/query/", token)
    assert (reply.status, reply.code) == (200, "spam_risk_user_banned_from_posting")


async def test_creator_info_needs_video_publish(tik: Tik) -> None:
    token = (await tik.login(scopes="user.info.basic,video.upload"))["access_token"]
    reply = await tik.api("POST", "/v2/post/publish/creator_info/query/", token)
    assert (reply.status, reply.code) == (401, "scope_not_authorized")


async def test_a_multi_chunk_upload_is_posted_and_goes_public(
    tik: Tik, media: dict[str, Path], webhooks: WebhookSink
) -> None:
    token = (await tik.login())["access_token"]
    payload = media["multi"].read_bytes()
    init = await tik.api("POST", INIT, token, file_init_body(len(payload), 6_000_000, 2))
    assert init.code == "ok", init.body
    publish_id, upload_url = init.data["publish_id"], init.data["upload_url"]
    assert publish_id.startswith("v_pub_file~v2-1.") and len(upload_url) <= 256
    processing = await tik.status(token, publish_id)
    assert processing.data["status"] == "PROCESSING_UPLOAD"
    assert await tik.upload_file(upload_url, payload, 6_000_000, 2) == [206, 201]
    await tik.settle()
    done = await tik.status(token, publish_id)
    assert done.data["status"] == "PUBLISH_COMPLETE" and "fail_reason" not in done.data
    assert done.data["uploaded_bytes"] == len(payload)
    (public_id,) = done.data["publicaly_available_post_id"]
    assert public_id > 2**53
    posts = (await tik.control("GET", "/posts?username=sandbox_brand")).body
    assert [(p["media_sha256"], p["publish_id"], p["privacy_level"]) for p in posts] == [
        ([sha256(payload)], publish_id, "PUBLIC_TO_EVERYONE")
    ]
    assert [e for e, _ in webhooks.events()] == [
        "post.publish.complete",
        "post.publish.publicly_available",
    ]
    (_, complete), (_, public) = webhooks.events()
    assert complete == {"publish_id": publish_id, "publish_type": "DIRECT_PUBLISH"}
    assert public["post_id"] == str(public_id)
    assert all(signature_ok(tik.settings.client_secret, h, b) for h, b in webhooks.received)


async def test_a_private_post_never_gets_a_public_id(tik: Tik, media: dict[str, Path]) -> None:
    token = (await tik.login())["access_token"]
    payload = media["good"].read_bytes()
    init = await tik.api(
        "POST", INIT, token, file_init_body(len(payload), len(payload), 1, privacy="SELF_ONLY")
    )
    assert await tik.upload_file(init.data["upload_url"], payload, len(payload), 1) == [201]
    await tik.settle()
    done = await tik.status(token, init.data["publish_id"])
    assert done.data["status"] == "PUBLISH_COMPLETE"
    assert done.data["publicaly_available_post_id"] == []


@pytest.mark.parametrize(
    ("size", "chunk", "count", "field"),
    [
        (13_000_000, 6_000_000, 3, "total_chunk_count"),  # ceil instead of floor
        (20_000_000, 5_000_000, 4, "chunk_size"),  # 5,000,000 < 5 MiB
        (70_000_000, 70_000_000, 1, "chunk_size"),  # over 64 MB must be chunked
        (4_000_000, 1_000_000, 4, "chunk_size"),  # under 5 MB goes whole
        (4_000_000_001, 10_000_000, 400, "video_size"),  # over 4 GB
    ],
)
async def test_chunk_rules_are_enforced_exactly(
    tik: Tik, size: int, chunk: int, count: int, field: str
) -> None:
    token = (await tik.login())["access_token"]
    reply = await tik.api("POST", INIT, token, file_init_body(size, chunk, count))
    assert (reply.status, reply.code) == (400, "invalid_param")
    assert f"source_info.{field}" in reply.body["error"]["message"]


async def test_the_decimal_reading_can_be_chosen(tik: Tik) -> None:
    from adapters.sandbox.settings import MbReading

    token = (await tik.login())["access_token"]
    tik.settings.mb_reading = MbReading.DECIMAL
    reply = await tik.api("POST", INIT, token, file_init_body(20_000_000, 5_000_000, 4))
    assert reply.code == "ok"


@pytest.mark.parametrize(
    ("post_info", "status", "code", "needle"),
    [
        ({"privacy_level": None}, 403, "privacy_level_option_mismatch", "privacy_level"),
        ({"privacy_level": "FOLLOWER_OF_CREATOR"}, 403, "privacy_level_option_mismatch", ""),
        ({"privacy_level": "EVERYONE"}, 400, "invalid_param", "post_info.privacy_level"),
        ({"title": "x" * 2201}, 400, "invalid_param", "post_info.title"),
        ({"disable_duet": "yes"}, 400, "invalid_param", "post_info.disable_duet"),
        (
            {"privacy_level": "SELF_ONLY", "brand_content_toggle": True},
            400,
            "invalid_param",
            "branded",
        ),
        ({"video_cover_timestamp_ms": "1s"}, 400, "invalid_param", "video_cover_timestamp_ms"),
    ],
)
async def test_post_info_is_validated(
    tik: Tik, post_info: dict[str, object], status: int, code: str, needle: str
) -> None:
    token = (await tik.login())["access_token"]
    body = file_init_body(10_000_000, 10_000_000, 1)
    body["post_info"].update(post_info)
    reply = await tik.api("POST", INIT, token, body)
    assert (reply.status, reply.code) == (status, code)
    assert needle in reply.body["error"]["message"]


async def test_the_caption_limit_counts_utf16_units(tik: Tik) -> None:
    token = (await tik.login())["access_token"]
    body = file_init_body(10_000_000, 10_000_000, 1, title="\U0001f600" * 1100)
    assert (await tik.api("POST", INIT, token, body)).code == "ok"


async def test_missing_source_fields_name_the_field(tik: Tik) -> None:
    token = (await tik.login())["access_token"]
    body = file_init_body(10_000_000, 10_000_000, 1)
    del body["source_info"]["video_size"]
    reply = await tik.api("POST", INIT, token, body)
    assert (
        reply.code == "invalid_param" and "source_info.video_size" in reply.body["error"]["message"]
    )
    bad = await tik.api(
        "POST",
        INIT,
        token,
        {"post_info": {"privacy_level": "SELF_ONLY"}, "source_info": {"source": "CAMERA"}},
    )
    assert bad.code == "invalid_param"


async def test_private_accounts_force_duet_and_stitch_off(tik: Tik) -> None:
    token = (await tik.login("sandbox_private"))["access_token"]
    init = await tik.api(
        "POST",
        INIT,
        token,
        file_init_body(10_000_000, 10_000_000, 1, privacy="FOLLOWER_OF_CREATOR"),
    )
    shown = await tik.control("GET", f"/publications/{init.data['publish_id']}")
    assert shown.body["post_info"]["disable_duet"] and shown.body["post_info"]["disable_stitch"]


async def test_unaudited_clients_may_only_post_privately_to_private_accounts(tik: Tik) -> None:
    tik.settings.audited = False
    public = (await tik.login())["access_token"]
    refused = await tik.api("POST", INIT, public, file_init_body(10_000_000, 10_000_000, 1))
    assert (refused.status, refused.code) == (
        403,
        "unaudited_client_can_only_post_to_private_accounts",
    )
    private = (await tik.login("sandbox_private"))["access_token"]
    init = await tik.api(
        "POST",
        INIT,
        private,
        file_init_body(10_000_000, 10_000_000, 1, privacy="FOLLOWER_OF_CREATOR"),
    )
    shown = await tik.control("GET", f"/publications/{init.data['publish_id']}")
    assert shown.body["post_info"]["privacy_level"] == "SELF_ONLY"


async def test_banned_creators_cannot_init(tik: Tik) -> None:
    token = (await tik.login("sandbox_banned"))["access_token"]
    reply = await tik.api("POST", INIT, token, file_init_body(10_000_000, 10_000_000, 1))
    assert (reply.status, reply.code) == (403, "spam_risk_user_banned_from_posting")


async def test_the_daily_direct_post_cap(tik: Tik) -> None:
    await tik.control("PATCH", "/creators/sandbox_brand", {"daily_post_cap": 2})
    token = (await tik.login())["access_token"]
    body = file_init_body(10_000_000, 10_000_000, 1)
    codes = [(await tik.api("POST", INIT, token, body)).code for _ in range(3)]
    assert codes == ["ok", "ok", "spam_risk_too_many_posts"]
    info = await tik.api("POST", "/v2/post/publish/creator_info/query/", token)
    assert (info.status, info.code) == (200, "spam_risk_too_many_posts")


async def test_the_active_user_cap(tik: Tik) -> None:
    tik.settings.active_user_cap = 1
    first = (await tik.login())["access_token"]
    second = (await tik.login("sandbox_private"))["access_token"]
    assert (
        await tik.api("POST", INIT, first, file_init_body(10_000_000, 10_000_000, 1))
    ).code == "ok"
    reply = await tik.api(
        "POST", INIT, second, file_init_body(10_000_000, 10_000_000, 1, privacy="SELF_ONLY")
    )
    assert (reply.status, reply.code) == (403, "reached_active_user_cap")


async def test_six_inits_per_minute_per_token(tik: Tik) -> None:
    from datetime import timedelta

    token = (await tik.login())["access_token"]
    body = file_init_body(10_000_000, 10_000_000, 1)
    codes = [(await tik.api("POST", INIT, token, body)).code for _ in range(7)]
    assert codes == ["ok"] * 6 + ["rate_limit_exceeded"]
    other = (await tik.login())["access_token"]  # limits are per token
    assert (await tik.api("POST", INIT, other, body)).code == "ok"
    tik.clock.advance(timedelta(seconds=61))
    assert (await tik.api("POST", INIT, token, body)).code == "ok"
