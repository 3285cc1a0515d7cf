"""/v1/ads through the real aiohttp app and container, against the Marketing emulator."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from dependency_injector import providers

from adapters.sandbox.marketing import MARKETING
from adapters.sandbox.settings import SandboxSettings
from entrypoints.http.openapi import build_spec
from tests.e2e.api_world import Api
from tests.integration.sandbox.harness import start_sandbox
from tests.unit.application.world import World


@pytest.fixture
async def api(tmp_path: Path) -> AsyncIterator[tuple[Api, Any, Any]]:
    server, clock = await start_sandbox(SandboxSettings(), tmp_path / "sandbox")
    m = server.app[MARKETING]
    world = World.build()
    clock.set(world.clock.now())  # one time for both sides
    base = str(server.make_url("")).rstrip("/")
    world.c.config.from_dict(
        {"marketing_app_id": m.settings.app_id, "marketing_secret": m.settings.secret,
         "marketing_api_base": base}
    )  # fmt: skip
    session = aiohttp.ClientSession()
    world.c.http_session.override(providers.Object(session))
    api = await Api.start(world)
    yield api, m, server
    await api.close()
    await session.close()
    await server.close()


async def auth_code(server: Any) -> str:
    m = server.app[MARKETING]
    from adapters.sandbox.marketing.oauth_routes import issue_auth_code

    return issue_auth_code(m)


class TestAdsApi:
    async def test_the_ad_flow_through_the_api(self, api: tuple[Api, Any, Any]) -> None:
        a, m, server = api
        accounts = await a.call(
            "POST", "/v1/ads/accounts", {"auth_code": await auth_code(server)}, expect=201
        )
        account = accounts["items"][0]
        assert "token" not in json.dumps(accounts)
        campaign = await a.call("POST", f"/v1/ads/accounts/{account['id']}/campaigns",
                                {"name": "Launch", "objective": "VIDEO_VIEWS",
                                 "budget": {"mode": "BUDGET_MODE_DAY", "amount": "100.00"}}, expect=201)  # fmt: skip
        assert campaign["tiktok_id"] and campaign["spec"]["budget"]["amount"] == "100.00"
        now = a.world.clock.now()
        group = await a.call("POST", f"/v1/ads/campaigns/{campaign['id']}/adgroups", {
            "name": "US", "budget": {"mode": "BUDGET_MODE_DAY", "amount": "50"},
            "schedule_start": now.isoformat(), "schedule_end": (now + timedelta(days=3)).isoformat(),
            "optimization_goal": "VIDEO_VIEW", "billing_event": "CPV", "location_ids": ["6252001"],
        }, expect=201)  # fmt: skip
        ad = await a.call("POST", f"/v1/ads/adgroups/{group['id']}/ads", {
            "name": "Spark", "ad_format": "SINGLE_VIDEO", "ad_text": "Watch", "identity_type": "TT_USER",
            "identity_id": "open-1", "tiktok_item_id": "7300000000000000001",
        }, expect=201)  # fmt: skip
        assert ad["review"]["status"] == "in_review"
        paused = await a.call("POST", f"/v1/ads/objects/{ad['id']}/pause", expect=200)
        assert (
            paused["status"] == "DISABLE"
            and m.state.objects[ad["tiktok_id"]].operation_status == "DISABLE"
        )
        listed = await a.call(
            "GET", f"/v1/ads/accounts/{account['id']}/objects?kind=ad", expect=200
        )
        assert [o["id"] for o in listed["items"]] == [ad["id"]]
        m.settings.review_delay_s = 0
        day = now.date().isoformat()
        synced = await a.call(
            "POST", f"/v1/ads/accounts/{account['id']}/reports/sync", {"day": day}, expect=200
        )
        read = await a.call(
            "GET",
            f"/v1/ads/accounts/{account['id']}/reports?level=ad&start={day}&end={day}",
            expect=200,
        )
        assert read["items"] == [r for r in synced["items"] if r["level"] == "ad"] and read["items"]

    async def test_an_audience_csv_is_hashed_on_the_way_in(self, api: tuple[Api, Any, Any]) -> None:
        a, m, server = api
        accounts = await a.call(
            "POST", "/v1/ads/accounts", {"auth_code": await auth_code(server)}, expect=201
        )
        account_id = accounts["items"][0]["id"]
        csv = "email\n" + "\n".join(f"user{i}@example.com" for i in range(50)) + "\nbad-line\n"
        async with a.client.post(
            f"/v1/ads/accounts/{account_id}/audiences", params={"name": "Buyers", "kind": "email"},
            data=csv.encode(), headers={"Authorization": f"Bearer {a.token}", "Content-Type": "text/csv"},
        ) as answer:  # fmt: skip
            made = await answer.json()
            assert answer.status == 201, made
        assert (made["identifiers"], made["rejected"]) == (50, 1)
        assert m.state.unhashed_lines_seen == 0 and next(iter(m.state.files.values())).matched == 50
        listed = await a.call("GET", f"/v1/ads/accounts/{account_id}/audiences", expect=200)
        assert listed["items"][0]["id"] == made["id"]

    async def test_bad_bodies_and_other_organisations_get_problems(
        self, api: tuple[Api, Any, Any]
    ) -> None:
        a, _, server = api
        accounts = await a.call(
            "POST", "/v1/ads/accounts", {"auth_code": await auth_code(server)}, expect=201
        )
        account_id = accounts["items"][0]["id"]
        bad = await a.call("POST", f"/v1/ads/accounts/{account_id}/campaigns",
                           {"name": "x", "objective": "FAME"}, expect=422)  # fmt: skip
        assert bad["code"]
        low = await a.call("POST", f"/v1/ads/accounts/{account_id}/campaigns",
                           {"name": "x", "objective": "REACH", "budget": {"mode": "BUDGET_MODE_DAY", "amount": "5"}},
                           expect=422)  # fmt: skip
        assert "minimum" in json.dumps(low)
        other = await a.as_org("org-b")
        await other.call("GET", f"/v1/ads/accounts/{account_id}/objects", expect=404)
        await a.call("POST", "/v1/ads/accounts", {"auth_code": "used-or-wrong"}, expect=None)

    async def test_review_deliveries_are_received_and_a_bad_signature_refused(
        self, api: tuple[Api, Any, Any]
    ) -> None:
        a, _m, _server = api
        body = json.dumps(
            {"object": 3, "time": 1, "entry": [{"log_id": "L1", "adv_id": "1", "ad_id": "9"}]}
        ).encode()
        async with a.client.post("/connect/webhook/tiktok-ads", data=body,
                                 headers={"X-TT-Signature": "t=1,s=00"}) as answer:  # fmt: skip
            assert answer.status == 401
        async with a.client.post("/connect/webhook/tiktok-ads", data=body) as answer:
            assert (await answer.json())["received"] == 1

    def test_the_openapi_document_lists_the_ads_operations(self) -> None:
        paths = build_spec()["paths"]
        assert {
            "/v1/ads/accounts",
            "/v1/ads/promote",
            "/v1/ads/accounts/{account_id}/audiences",
        } <= set(paths)


async def published_post(a: Api) -> str:
    """A post this service published (Spark Ads promote only those)."""
    from tests.e2e.test_http_api import video_post

    channel = await a.connect()
    post = await video_post(a, channel["id"], privacy_level="PUBLIC_TO_EVERYONE")
    pid = str(post["id"])
    await a.call("POST", f"/v1/posts/{pid}/approve", {"approved_by": "c"}, expect=200)
    await a.call("POST", f"/v1/posts/{pid}/publish-now", expect=202)
    await a.world.c.run_publisher_pass()()
    for _ in range(5):
        a.world.clock.advance(timedelta(seconds=10))
        await a.world.c.run_tracker_pass()()
        shown = await a.call("GET", f"/v1/posts/{pid}", expect=200)
        if shown["tiktok_post_ids"]:
            return pid
    raise AssertionError(shown)


class TestEveryAdsAnswerFitsTheDocument:
    """The routes the flows above leave out, each answer checked at close (openapi_check)."""

    async def test_objects_creatives_audiences_and_a_spark_ad(
        self, api: tuple[Api, Any, Any]
    ) -> None:
        a, m, server = api
        m.settings.advertiser_qps = m.settings.endpoint_qpm = 1000  # not what this test is about
        accounts = await a.call(
            "POST", "/v1/ads/accounts", {"auth_code": await auth_code(server)}, expect=201
        )
        account = accounts["items"][0]["id"]
        await a.call("GET", "/v1/ads/accounts", expect=200)
        campaign = await a.call("POST", f"/v1/ads/accounts/{account}/campaigns",
                                {"name": "Launch", "objective": "REACH"}, expect=201)  # fmt: skip
        await a.call("GET", f"/v1/ads/objects/{campaign['id']}", expect=200)
        renamed = await a.call("PATCH", f"/v1/ads/objects/{campaign['id']}",
                               {"name": "Launch 2", "objective": "REACH"}, expect=200)  # fmt: skip
        assert renamed["spec"]["name"] == "Launch 2"
        await a.call("POST", f"/v1/ads/accounts/{account}/finish-pending", expect=200)
        await a.call("POST", f"/v1/ads/accounts/{account}/reviews/reconcile", expect=200)
        await a.call("POST", f"/v1/ads/accounts/{account}/videos",
                     {"url": "https://cdn.example/v.mp4", "wait": False}, expect=201)  # fmt: skip
        image = f"orgs/{a.org}/a.jpg"
        a.world.storage.put_bytes(image, b"\xff\xd8\xff" + b"j" * 5000, "image/jpeg")
        await a.call("POST", f"/v1/ads/accounts/{account}/images", {"key": image}, expect=201)

        csv = ("email\n" + "\n".join(f"user{i}@example.com" for i in range(50))).encode()
        made = await a.send("POST", f"/v1/ads/accounts/{account}/audiences", csv, "text/csv",
                            expect=201, name="Buyers", kind="email")  # fmt: skip
        more = ("email\n" + "\n".join(f"more{i}@example.com" for i in range(20))).encode()
        await a.send("POST", f"/v1/ads/audiences/{made['id']}/append", more, "text/csv",
                     expect=200, kind="email")  # fmt: skip
        listed = await a.call("GET", f"/v1/ads/accounts/{account}/audiences", expect=200)
        assert listed["items"][0]["id"] == made["id"]
        await a.call("POST", f"/v1/ads/audiences/{made['id']}/lookalike",
                     {"name": "Like", "location_ids": ["6252001"]}, expect=201)  # fmt: skip
        await a.call("DELETE", f"/v1/ads/audiences/{made['id']}", expect=200)

        post_id = await published_post(a)
        promo = await a.call("POST", "/v1/ads/promote",
                             {"post_id": post_id, "account_id": account}, expect=201)  # fmt: skip
        assert promo["ad"]["spec"]["post_id"] == post_id and promo["campaign"]
        await a.call("POST", f"/v1/ads/accounts/{account}/revoke", expect=200)
