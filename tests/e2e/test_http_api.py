"""The /v1 API end to end through HTTP: connect, publish (direct, inbox, photos, manual),
webhook-driven completion, idempotency, errors as problems."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.e2e.api_world import Api

VIDEO = os.urandom(3_000_000)


@pytest.fixture
async def api() -> AsyncIterator[Api]:
    started = await Api.start()
    yield started
    await started.close()


async def video_post(api: Api, channel_id: str, **settings: object) -> dict[str, object]:
    key = await api.upload("clip.mp4", VIDEO)
    created = await api.call(
        "POST",
        "/v1/posts",
        {
            "channel_id": channel_id,
            "kind": "video",
            "caption": "Launch #new #brand",
            "media": {"video_key": key},
            "settings": {"privacy_level": "SELF_ONLY", **settings},
        },
        expect=201,
    )
    post: dict[str, object] = created["post"]
    return post


async def test_connect_then_show_verify_refresh_sync_and_videos(api: Api) -> None:
    channel = await api.connect()
    assert channel["status"] == "connected" and channel["username"] == "brand"
    assert "access_token" not in str(channel) and "tok" not in str(channel.get("scopes"))
    health = await api.call("POST", f"/v1/channels/{channel['id']}/verify", expect=200)
    assert health["healthy"] is True
    refreshed = await api.call("POST", f"/v1/channels/{channel['id']}/refresh", expect=200)
    assert refreshed["refreshed"] is True
    synced = await api.call("POST", f"/v1/channels/{channel['id']}/sync", expect=200)
    assert synced["channel_id"] == channel["id"]
    shown = await api.call("GET", f"/v1/channels/{channel['id']}", expect=200)
    assert set(shown["account"]) >= {
        "follower_count",
        "following_count",
        "likes_count",
        "video_count",
    }
    options = await api.call("GET", f"/v1/channels/{channel['id']}/creator-options", expect=200)
    assert options["privacy_level_default"] is None and options["privacy_level_options"]
    videos = await api.call("GET", f"/v1/channels/{channel['id']}/videos", expect=200)
    assert "videos" in videos and "has_more" in videos
    history = await api.call("GET", f"/v1/channels/{channel['id']}/metrics/account", expect=200)
    assert len(history["items"]) == 1


async def test_direct_post_published_by_webhook(api: Api) -> None:
    channel = await api.connect()
    post = await video_post(api, channel["id"])
    pid = post["id"]
    approved = await api.call(
        "POST", f"/v1/posts/{pid}/approve", {"approved_by": "client"}, expect=200
    )
    assert approved["status"] == "client_approved"
    at = (api.world.clock.now() + timedelta(minutes=5)).isoformat()
    scheduled = await api.call("POST", f"/v1/posts/{pid}/schedule", {"at": at}, expect=200)
    assert scheduled["post"]["status"] == "scheduled" and scheduled["preflight"] is not None
    api.world.clock.advance(timedelta(minutes=6))
    await api.world.c.run_publisher_pass()()
    publishing = await api.call("GET", f"/v1/posts/{pid}", expect=200)
    assert publishing["status"] == "publishing" and publishing["publish_id"]
    assert (
        await api.webhook(
            "post.publish.complete",
            {"publish_id": publishing["publish_id"], "publish_type": "DIRECT_PUBLISH"},
        )
        == 200
    )
    done = await api.call("GET", f"/v1/posts/{pid}", expect=200)
    assert done["status"] == "published"
    assert [e["name"] for e in done["events"]].count("PostPublished") == 1
    assert len(api.world.tiktok.posted_videos("open-1")) == 1


async def test_inbox_video_waits_in_sent_to_inbox(api: Api) -> None:
    channel = await api.connect()
    post = await video_post(api, channel["id"], publish_method="inbox")
    await api.call("POST", f"/v1/posts/{post['id']}/approve", {"approved_by": "c"}, expect=200)
    await api.call("POST", f"/v1/posts/{post['id']}/publish-now", expect=202)
    await api.world.c.run_publisher_pass()()
    api.world.clock.advance(timedelta(seconds=10))
    await api.world.c.run_tracker_pass()()
    shown = await api.call("GET", f"/v1/posts/{post['id']}", expect=200)
    assert (shown["status"], shown["tracking"]) == ("publishing", "sent_to_inbox")


async def test_photo_carousel_and_manual_path(api: Api) -> None:
    channel = await api.connect()
    keys = [
        await api.upload(f"p{i}.jpg", b"\xff\xd8\xff" + os.urandom(500), "image/jpeg")
        for i in range(2)
    ]
    for key in keys:
        from domain.media_rules import PhotoFacts

        api.world.probe.photos[key] = PhotoFacts(0, "jpeg", 1080, 1350)
    created = await api.call(
        "POST",
        "/v1/posts",
        {
            "channel_id": channel["id"],
            "kind": "photo",
            "title": "Two frames",
            "description": "#team",
            "media": {"photo_keys": keys},
            "settings": {"publish_method": "inbox"},
        },
        expect=201,
    )
    pid = created["post"]["id"]
    await api.call("POST", f"/v1/posts/{pid}/approve", {"approved_by": "c"}, expect=200)
    await api.call("POST", f"/v1/posts/{pid}/publish-now", expect=202)
    await api.world.c.run_publisher_pass()()
    shown = await api.call("GET", f"/v1/posts/{pid}", expect=200)
    assert shown["publish_id"] and shown["media"]["photo_keys"] == keys

    # A video post without its video cannot go through the API: manual path.
    manual = await api.call(
        "POST",
        "/v1/posts",
        {
            "channel_id": channel["id"],
            "kind": "video",
            "caption": "Film it on the phone #diy",
            "settings": {"privacy_level": "SELF_ONLY"},
        },
        expect=201,
    )
    mid = manual["post"]["id"]
    await api.call("POST", f"/v1/posts/{mid}/approve", {"approved_by": "c"}, expect=200)
    moved = await api.call("POST", f"/v1/posts/{mid}/publish-now", expect=202)
    assert moved["manual"] is True and moved["post"]["status"] == "manual_pending"
    kit = await api.call("GET", f"/v1/posts/{mid}/manual-kit", expect=200)
    assert kit["caption"] == "Film it on the phone #diy" and kit["deep_link"].startswith("http")
    marked = await api.call(
        "POST",
        f"/v1/posts/{mid}/mark-published",
        {"url": "https://www.tiktok.com/@brand/video/1", "marked_by": "me"},
        expect=200,
    )
    assert marked["status"] == "published"


async def test_privacy_left_out_becomes_most_private_with_a_warning(api: Api) -> None:
    channel = await api.connect()
    key = await api.upload("clip.mp4", VIDEO)
    created = await api.call(
        "POST",
        "/v1/posts",
        {"channel_id": channel["id"], "kind": "video", "media": {"video_key": key}},
        expect=201,
    )
    assert created["post"]["settings"]["privacy_level"] == "SELF_ONLY"
    assert any("most private" in w for w in created["warnings"])


async def test_idempotency_key_returns_the_first_answer(api: Api) -> None:
    channel = await api.connect()
    key = await api.upload("clip.mp4", VIDEO)
    body = {
        "channel_id": channel["id"],
        "kind": "video",
        "media": {"video_key": key},
        "settings": {"privacy_level": "SELF_ONLY"},
    }
    first = await api.call(
        "POST", "/v1/posts", body, headers={"Idempotency-Key": "k-1"}, expect=201
    )
    again = await api.call(
        "POST", "/v1/posts", body, headers={"Idempotency-Key": "k-1"}, expect=201
    )
    other = await api.call(
        "POST",
        "/v1/posts",
        {**body, "caption": "changed"},
        headers={"Idempotency-Key": "k-1"},
        expect=422,
    )
    assert first == again and other["code"] == "idempotency_key_reused"
    listed = await api.call("GET", "/v1/posts", expect=200)
    assert len(listed["items"]) == 1
    pid = first["post"]["id"]
    await api.call("POST", f"/v1/posts/{pid}/approve", {"approved_by": "c"}, expect=200)
    once = await api.call(
        "POST", f"/v1/posts/{pid}/publish-now", headers={"Idempotency-Key": "pub-1"}, expect=202
    )
    twice = await api.call(
        "POST", f"/v1/posts/{pid}/publish-now", headers={"Idempotency-Key": "pub-1"}, expect=202
    )
    assert once == twice
    shown = await api.call("GET", f"/v1/posts/{pid}", expect=200)
    assert [e["name"] for e in shown["events"]].count("PublishRequested") == 1


async def test_bad_input_is_a_problem_with_fields(api: Api) -> None:
    channel = await api.connect()
    bad = await api.call(
        "POST",
        "/v1/posts",
        {
            "channel_id": channel["id"],
            "kind": "reel",
            "settings": {"disable_duet": "yes"},
            "surprise": 1,
        },
        expect=422,
    )
    assert bad["code"] == "invalid_body" and len(bad["fields"]) >= 2
    async with api.client.post(
        "/v1/posts",
        data=b"{not json",
        headers={"Authorization": f"Bearer {api.token}", "Content-Type": "application/json"},
    ) as answer:
        assert answer.status == 400
        assert (await answer.json(content_type=None))["code"] == "bad_request"
    foreign = await api.call(
        "POST",
        "/v1/posts",
        {
            "channel_id": channel["id"],
            "kind": "video",
            "media": {"video_key": "orgs/x/v.mp4"},
            "settings": {"privacy_level": "SELF_ONLY"},
        },
        expect=422,
    )
    assert foreign["fields"][0]["code"] == "media_key_foreign"
    long = await api.call(
        "POST",
        "/v1/posts",
        {
            "channel_id": channel["id"],
            "kind": "video",
            "caption": "x" * 2201,
            "settings": {"privacy_level": "SELF_ONLY"},
        },
        expect=422,
    )
    assert long["fields"][0]["code"] == "caption_too_long"
    early = await api.call("POST", "/v1/posts/nope/approve", {"approved_by": "c"}, expect=404)
    assert early["code"] == "not_found"
    naive = await api.call(
        "POST", "/v1/posts/x/schedule", {"at": "2026-01-01T10:00:00"}, expect=422
    )
    assert naive["fields"] and "traceback" not in str(naive).lower()


async def test_requests_without_a_good_key_are_refused(api: Api) -> None:
    for headers in (
        {},
        {"Authorization": "Bearer nonsense"},
        {"Authorization": "Bearer tck_abc_wrongsecret"},
    ):
        async with api.client.get("/v1/posts", headers=headers) as answer:
            assert answer.status == 401
            assert (await answer.json(content_type=None))["code"] == "unauthenticated"
    keys = await api.call("GET", "/v1/api-keys", expect=200)
    kid = keys["items"][0]["id"]
    fresh = await api.call("POST", "/v1/api-keys", {"name": "second"}, expect=201)
    assert fresh["key"].startswith("tck_") and "key" not in str(keys["items"])
    await api.call("DELETE", f"/v1/api-keys/{kid}", expect=200)
    async with api.client.get(
        "/v1/posts", headers={"Authorization": f"Bearer {api.token}"}
    ) as answer:
        assert answer.status == 401  # revoked at once
    async with api.client.get(
        "/v1/posts", headers={"Authorization": f"Bearer {fresh['key']}"}
    ) as answer:
        assert answer.status == 200


async def test_disconnect_revokes_and_data_is_purged_after_retention(api: Api) -> None:
    channel = await api.connect()
    await api.call("POST", f"/v1/channels/{channel['id']}/sync", expect=200)
    await api.call("POST", f"/v1/channels/{channel['id']}/insights", expect=201)
    done = await api.call("POST", f"/v1/channels/{channel['id']}/disconnect", expect=200)
    assert done["revoked_at_tiktok"] is True and done["channel"]["status"] == "disconnected"
    purge = api.world.c.purge_disconnected()
    assert await purge() == 0  # within the retention period
    api.world.clock.advance(timedelta(days=31))
    assert await purge() >= 2
    history = await api.call(
        "GET", f"/v1/channels/{channel['id']}/metrics/account?days=400", expect=200
    )
    assert history["items"] == []
    await api.call("GET", f"/v1/channels/{channel['id']}/insights/latest", expect=404)


async def test_openapi_and_docs(api: Api) -> None:
    async with api.client.get("/openapi.json") as answer:
        spec = await answer.json()
    from entrypoints.http.v1.routes import ROUTES

    documented = {(m.upper(), p) for p, ops in spec["paths"].items() for m in ops}
    assert documented == {(r.method, r.path) for r in ROUTES}
    async with api.client.get("/docs") as answer:
        assert answer.status == 200 and "/v1/posts" in await answer.text()


async def test_metrics_count_posts_latency_errors_refreshes_and_webhooks(api: Api) -> None:
    channel = await api.connect()
    post = await video_post(api, channel["id"])
    await api.call("POST", f"/v1/posts/{post['id']}/approve", {"approved_by": "c"}, expect=200)
    await api.call("POST", f"/v1/posts/{post['id']}/publish-now", expect=202)
    await api.world.c.run_publisher_pass()()
    shown = await api.call("GET", f"/v1/posts/{post['id']}", expect=200)
    api.world.clock.advance(timedelta(seconds=42))
    await api.webhook(
        "post.publish.complete",
        {"publish_id": shown["publish_id"], "publish_type": "DIRECT_PUBLISH"},
    )
    await api.webhook("post.publish.complete", {"publish_id": "x"}, secret="forged")
    await api.call("POST", f"/v1/channels/{channel['id']}/refresh", expect=200)
    from adapters.memory.tiktok import api_error

    api.world.tiktok.fail_next("user_info", api_error("rate_limit_exceeded"))
    await api.call("POST", f"/v1/channels/{channel['id']}/verify", expect=200)
    api.world.c.config.from_dict({"metrics_token": "metrics-token-for-tests"})
    async with api.client.get("/metrics") as answer:
        assert answer.status == 401  # no credential: nothing shown
        assert "tiktok_channel" not in await answer.text()
    async with api.client.get(
        "/metrics", headers={"Authorization": "Bearer wrong-token-of-the-same-size"}
    ) as answer:
        assert answer.status == 401
    async with api.client.get(
        "/metrics", headers={"Authorization": "Bearer metrics-token-for-tests"}
    ) as answer:
        assert answer.status == 200
        text = await answer.text()
    assert "org-a" not in text and "organisation_id" not in text  # never labelled by org
    lines = set(text.splitlines())
    assert 'tiktok_channel_posts{state="published"} 1.0' in lines
    assert 'tiktok_channel_posts{state="draft"} 0.0' in lines
    assert "tiktok_channel_publish_latency_seconds_count 1.0" in lines
    assert 'tiktok_channel_publish_latency_seconds_bucket{le="60.0"} 1.0' in lines
    assert 'tiktok_channel_publish_latency_seconds_bucket{le="30.0"} 0.0' in lines
    assert 'tiktok_channel_token_refreshes_total{outcome="ok"} 1.0' in lines
    assert (
        'tiktok_channel_tiktok_errors_total{code="rate_limit_exceeded",operation="user_info"} 1.0'
    ) in lines
    assert (
        'tiktok_channel_webhook_events_total{event="post.publish.complete",outcome="applied"} 1.0'
    ) in lines
    assert 'tiktok_channel_webhook_events_total{event="unknown",outcome="refused"} 1.0' in lines


async def test_housekeeping_forgets_old_idempotency_answers(api: Api) -> None:
    channel = await api.connect()
    body = {
        "channel_id": channel["id"],
        "kind": "video",
        "caption": "#a",
        "settings": {"privacy_level": "SELF_ONLY"},
    }
    first = await api.call(
        "POST", "/v1/posts", body, headers={"Idempotency-Key": "day-1"}, expect=201
    )
    api.world.clock.advance(timedelta(hours=25))
    done = await api.world.c.run_housekeeping()()
    assert done.idempotency_keys_forgotten == 1
    second = await api.call(
        "POST", "/v1/posts", body, headers={"Idempotency-Key": "day-1"}, expect=201
    )
    assert second["post"]["id"] != first["post"]["id"]


async def test_a_dot_dot_media_key_never_reaches_another_organisations_file(api: Api) -> None:
    await api.connect()
    theirs = await api.upload("clip.mp4", VIDEO)
    other = await api.as_org("other")
    channel = await other.connect(open_id="open-9", username="other")
    refused = await other.call(
        "POST",
        "/v1/posts",
        {
            "channel_id": channel["id"],
            "kind": "video",
            "media": {"video_key": f"orgs/other/../{theirs}"},
            "settings": {"privacy_level": "SELF_ONLY"},
        },
        expect=422,
    )
    assert refused["fields"][0]["code"] == "media_key_invalid"


class TestReturnUrls:
    async def test_off_site_return_urls_are_refused(self, api: Api) -> None:
        for raw in ("//evil.example/x", "/\t/evil.example", "https://evil.example/"):
            refused = await api.call(
                "POST", "/v1/channels/connect", {"return_url": raw}, expect=422
            )
            assert refused["fields"][0]["code"] == "return_url_refused"

    async def test_an_allowed_origin_works_through_the_callback(self, api: Api) -> None:
        target = "https://admin.example/integrations"
        await api.call("POST", "/v1/channels/connect", {"return_url": target}, expect=422)
        shown = await api.call(
            "PUT",
            "/v1/organisation/return-origins",
            {"origins": ["https://Admin.example"]},
            expect=200,
        )
        assert shown["origins"] == ["https://admin.example"]
        other = await api.as_org("org-b")
        assert (await other.call("GET", "/v1/organisation/return-origins"))["origins"] == []
        started = await api.call("POST", "/v1/channels/connect", {"return_url": target}, expect=201)
        state = parse_qs(urlsplit(started["authorize_url"]).query)["state"][0]
        api.world.tiktok.add_account("open-7", username="seven")
        code = api.world.tiktok.issue_code("open-7")
        async with api.client.get(
            "/oauth/tiktok/callback", params={"state": state, "code": code}, allow_redirects=False
        ) as back:
            assert back.status == 302
            assert back.headers["Location"].startswith(f"{target}?channel_id=")


async def test_mark_published_takes_only_the_accounts_own_video_url(api: Api) -> None:
    channel = await api.connect()
    created = await api.call(
        "POST",
        "/v1/posts",
        {
            "channel_id": channel["id"],
            "kind": "video",
            "caption": "by hand",
            "settings": {"privacy_level": "SELF_ONLY", "publish_method": "manual"},
        },
        expect=201,
    )
    pid = created["post"]["id"]
    await api.call("POST", f"/v1/posts/{pid}/approve", {"approved_by": "c"}, expect=200)
    await api.call("POST", f"/v1/posts/{pid}/publish-now", expect=202)
    for url, code in (
        ("https://evil.example/x", "url_not_tiktok_video"),
        ("https://www.tiktok.com/@other/video/9", "url_other_account"),
    ):
        refused = await api.call(
            "POST", f"/v1/posts/{pid}/mark-published", {"url": url}, expect=422
        )
        assert refused["fields"][0]["code"] == code
    done = await api.call(
        "POST",
        f"/v1/posts/{pid}/mark-published",
        {"url": "https://www.tiktok.com/@brand/video/7307659872391589894"},
        expect=200,
    )
    assert done["tiktok_post_ids"] == ["7307659872391589894"]
