"""Inputs that once gave a 500 (issue 13 item 8) and unbounded ones (item 11): each is a
4xx problem with a stable code, and nothing is logged as an unhandled error."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from typing import Any

import pytest

from adapters.sandbox.webhooks import sign
from tests.e2e.api_world import SECRET, Api


@pytest.fixture
async def api() -> AsyncIterator[Api]:
    started = await Api.start()
    yield started
    await started.close()


async def raw(
    api: Api, method: str, path: str, data: bytes | str = b"", **headers: str
) -> tuple[int, dict[str, Any]]:
    sent = {"Authorization": f"Bearer {api.token}", "Content-Type": "application/json", **headers}
    async with api.client.request(method, path, data=data, headers=sent) as answer:
        return answer.status, await answer.json(content_type=None)


async def a_channel(api: Api) -> str:
    return str((await api.connect())["id"])


class TestNoServerErrors:
    async def test_nul_in_body_strings(self, api: Api) -> None:
        cid = await a_channel(api)
        for body in (
            {"channel_id": cid, "kind": "video", "caption": "a\x00b"},
            {"channel_id": "c\x00", "kind": "video"},
            {"channel_id": cid, "kind": "video", "media": {"video_key": "orgs/org-a/\x00"}},
        ):
            status, problem = await raw(api, "POST", "/v1/posts", json.dumps(body))
            assert (status, problem["code"]) == (422, "invalid_body")
        status, problem = await raw(api, "POST", "/v1/api-keys", json.dumps({"name": "k\x00"}))
        assert (status, problem["code"]) == (422, "invalid_body")
        status, problem = await raw(
            api, "POST", "/v1/channels/connect", json.dumps({"return_url": "/a\x00"})
        )
        assert (status, problem["code"]) == (422, "invalid_body")

    async def test_nul_in_path_query_and_callback_state(self, api: Api) -> None:
        for path in (
            "/v1/posts/p%00x",
            "/v1/posts?after=a%00",
            "/v1/posts?channel_id=%00",
            "/oauth/tiktok/callback?state=%00",
        ):
            status, problem = await raw(api, "GET", path)
            assert (status, problem["code"]) == (400, "invalid_characters"), path

    async def test_a_lone_surrogate_in_a_caption(self, api: Api) -> None:
        cid = await a_channel(api)
        body = '{"channel_id": "' + cid + '", "kind": "video", "caption": "x\\ud800y"}'
        status, problem = await raw(api, "POST", "/v1/posts", body)
        assert (status, problem["code"]) == (422, "invalid_body")

    async def test_deeply_nested_json(self, api: Api) -> None:
        status, problem = await raw(api, "POST", "/v1/posts", "[" * 100_000)
        assert (status, problem["code"]) == (400, "bad_request")

    async def test_a_date_past_the_end_of_time(self, api: Api) -> None:
        status, problem = await raw(
            api, "POST", "/v1/posts/x/schedule", json.dumps({"at": "9999-12-31T23:59:59-14:00"})
        )
        assert (status, problem["code"]) == (422, "invalid_body")

    async def test_a_non_ascii_idempotency_key(self, api: Api) -> None:
        cid = await a_channel(api)
        body = json.dumps({"channel_id": cid, "kind": "video"})
        async with api.client.post(
            "/v1/posts",
            data=body,
            headers={
                "Authorization": f"Bearer {api.token}",
                "Content-Type": "application/json",
                "Idempotency-Key": "clé-été",
            },
        ) as answer:
            assert answer.status == 400
            assert (await answer.json(content_type=None))["code"] == "bad_request"

    @pytest.mark.parametrize("body", ["[]", '"x"', "null", "[" * 100_000])
    async def test_a_signed_webhook_that_is_not_an_envelope(self, api: Api, body: str) -> None:
        stamp = 1_700_000_000
        api.world.c.config.from_dict({"tiktok_client_secret": SECRET})
        import time

        stamp = int(time.time())
        async with api.client.post(
            "/connect/webhook/tiktok",
            data=body.encode(),
            headers={"TikTok-Signature": sign(SECRET, stamp, body)},
        ) as answer:
            assert answer.status == 400
            assert (await answer.json(content_type=None))["code"] == "invalid_event"


class TestBoundedInputs:
    async def test_long_strings_are_refused_with_the_field_named(self, api: Api) -> None:
        big = "x" * 100_000
        for path, body in (
            ("/v1/posts/x/approve", {"approved_by": big}),
            ("/v1/api-keys", {"name": big}),
            ("/v1/channels/connect", {"return_url": "/" + big}),
        ):
            status, problem = await raw(api, "POST", path, json.dumps(body))
            assert (status, problem["code"]) == (422, "invalid_body"), path
            assert "at most" in str(problem["fields"]), problem
        status, problem = await raw(
            api, "POST", "/v1/posts/x/approve", json.dumps({"approved_by": "x" * 201})
        )
        assert status == 422 and "'approved_by' must be <= 200" in str(problem["fields"])

    async def test_long_query_values_are_refused(self, api: Api) -> None:
        status, problem = await raw(api, "GET", "/v1/posts?after=" + "a" * 201)
        assert (status, problem["code"]) == (400, "bad_request")

    async def test_a_body_that_is_not_json_is_unsupported(self, api: Api) -> None:
        status, problem = await raw(
            api,
            "POST",
            "/v1/api-keys",
            json.dumps({"name": "k"}),
            **{"Content-Type": "text/plain"},
        )
        assert (status, problem["code"]) == (415, "unsupported_media_type")

    async def test_the_oauth_error_becomes_one_of_a_fixed_set_of_codes(self, api: Api) -> None:
        started = await api.call("POST", "/v1/channels/connect", {}, expect=201)
        state = started["state"]
        async with api.client.get(
            "/oauth/tiktok/callback", params={"state": state, "error": "e" * 5000}
        ) as answer:
            problem = await answer.json(content_type=None)
        assert answer.status == 502 and problem["code"] == "tiktok_unknown_oauth_error"
        assert len(problem["message"]) < 1000
        started = await api.call("POST", "/v1/channels/connect", {}, expect=201)
        async with api.client.get(
            "/oauth/tiktok/callback", params={"state": started["state"], "error": "access_denied"}
        ) as answer:
            assert (await answer.json(content_type=None))["code"] == "tiktok_access_denied"

    def test_the_openapi_document_gives_every_request_string_a_maximum(self) -> None:
        from entrypoints.http.openapi import build_spec

        spec = build_spec()

        def strings(node: Any, where: str) -> list[str]:
            if isinstance(node, dict):
                if node.get("type") == "string" and "enum" not in node and "format" not in node:
                    return [] if "maxLength" in node else [where]
                return [s for k, v in node.items() for s in strings(v, f"{where}.{k}")]
            if isinstance(node, list):
                return [s for i, v in enumerate(node) for s in strings(v, f"{where}[{i}]")]
            return []

        request_schemas = {
            name: schema
            for name, schema in spec["components"]["schemas"].items()
            if name.endswith("In")
        }
        unbounded = strings(request_schemas, "schemas") + [
            f"{path} {method} {p['name']}"
            for path, ops in spec["paths"].items()
            for method, op in ops.items()
            for p in op.get("parameters", [])
            if p["in"] == "query"
            and p["schema"].get("type") == "string"
            and "enum" not in p["schema"]
            and "maxLength" not in p["schema"]
        ]
        assert unbounded == []


async def test_a_huge_overlap_is_refused_not_a_server_error(api: Api) -> None:
    status, problem = await raw(
        api,
        "POST",
        "/v1/webhook-endpoints/we_x/rotate-secret",
        json.dumps({"overlap_seconds": -1304117499469831602176}),
    )
    assert (status, problem["code"]) == (422, "invalid_body")
