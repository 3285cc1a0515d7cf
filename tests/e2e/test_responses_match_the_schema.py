"""Real answers of the API checked against the OpenAPI document generated from the
response classes (issue 14): the document cannot drift from what the API sends.

Every e2e test that drives the API through ``Api`` has its answers checked when it closes
(``tests/e2e/openapi_check.py``); this walk reaches the publishing-side routes the other
tests leave out, and the Accounts API and ads routes are walked against the sandbox in
``test_http_business.py`` and ``test_http_ads.py``."""

from __future__ import annotations

from datetime import timedelta

import pytest

from entrypoints.http.openapi import build_spec
from entrypoints.http.v1.routes import ROUTES
from tests.e2e.api_world import Api
from tests.e2e.openapi_check import check_answers
from tests.e2e.test_http_api import video_post


def test_every_route_names_a_response_class() -> None:
    assert all(isinstance(route.response, type) for route in ROUTES)
    schemas = build_spec()["components"]["schemas"]
    assert "Object" not in schemas and "ItemList" not in schemas


def test_a_route_without_a_response_class_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    import attrs

    from entrypoints.http import openapi

    untyped = attrs.evolve(ROUTES[0], response=None)
    monkeypatch.setattr(openapi, "ROUTES", (untyped,))
    with pytest.raises(TypeError, match="names no response class"):
        openapi.build_spec()


async def test_every_answer_of_a_publishing_walk_fits_the_document() -> None:
    api = await Api.start()
    try:
        channel = await api.connect()
        cid = channel["id"]
        await api.call("GET", f"/v1/channels/{cid}", expect=200)
        await api.call("GET", f"/v1/channels/{cid}/videos", expect=200)
        await api.call("GET", f"/v1/channels/{cid}/creator-options", expect=200)
        await api.call("POST", f"/v1/channels/{cid}/verify", expect=200)
        await api.call("POST", f"/v1/channels/{cid}/sync", expect=200)
        await api.call("GET", f"/v1/channels/{cid}", expect=200)  # with account figures
        await api.call(
            "PUT",
            "/v1/organisation/return-origins",
            {"origins": ["https://admin.example"]},
            expect=200,
        )
        await api.call("GET", "/v1/organisation/return-origins", expect=200)
        endpoint = await api.call(
            "POST", "/v1/webhook-endpoints", {"url": "https://hooks.example/in"}, expect=201
        )
        eid = endpoint["endpoint"]["id"]
        await api.call("PATCH", f"/v1/webhook-endpoints/{eid}", {"description": "d"}, expect=200)

        post = await video_post(api, cid, privacy_level="PUBLIC_TO_EVERYONE")
        pid = post["id"]
        await api.call("PATCH", f"/v1/posts/{pid}", {"caption": "new #one"}, expect=200)
        await api.call("POST", f"/v1/posts/{pid}/validate", expect=200)
        await api.call("POST", f"/v1/posts/{pid}/approve", {"approved_by": "c"}, expect=200)
        at = (api.world.clock.now() + timedelta(hours=1)).isoformat()
        await api.call("POST", f"/v1/posts/{pid}/schedule", {"at": at}, expect=200)
        await api.call("POST", f"/v1/posts/{pid}/cancel", expect=200)
        await api.call("POST", f"/v1/posts/{pid}/publish-now", expect=202)
        await api.world.c.run_publisher_pass()()
        for _ in range(5):
            api.world.clock.advance(timedelta(seconds=10))
            await api.world.c.run_tracker_pass()()
            if (await api.call("GET", f"/v1/posts/{pid}", expect=200))["tiktok_post_ids"]:
                break
        job = await api.call("POST", "/v1/sync-jobs", {"scope": "both"}, expect=202)
        await api.call("GET", f"/v1/sync-jobs/{job['id']}", expect=200)
        await api.call("POST", f"/v1/channels/{cid}/sync", expect=200)
        await api.call("GET", f"/v1/posts/{pid}", expect=200)  # with its latest metrics
        await api.call("GET", f"/v1/posts/{pid}/metrics", expect=200)
        await api.call("POST", f"/v1/channels/{cid}/insights", expect=201)
        await api.call("GET", f"/v1/channels/{cid}/insights/latest", expect=200)
        await api.call("GET", f"/v1/channels/{cid}/metrics/videos", expect=200)
        await api.call("GET", f"/v1/channels/{cid}/metrics/account", expect=200)
        events = await api.call("GET", "/v1/events", expect=200)
        await api.call("GET", f"/v1/events/{events['items'][0]['id']}", expect=200)
        await api.call("DELETE", f"/v1/webhook-endpoints/{eid}", expect=200)
        await api.call("GET", "/v1/posts?limit=1", expect=200)
        await api.call("GET", "/v1/channels", expect=200)
        await api.call("GET", "/v1/posts/nope", expect=404)

        checked = check_answers(api.answers)
        assert {
            "validate_post_post",
            "cancel_post_post",
            "post_metrics_get",
            "latest_insight_get",
            "video_metrics_get",
            "show_sync_job_get",
            "show_event_get",
            "update_endpoint_patch",
            "delete_endpoint_delete",
        } <= checked
        shown = next(b for m, p, _, b in reversed(api.answers) if p == f"/v1/posts/{pid}")
        assert shown["metrics"] is not None and shown["events"]
    finally:
        await api.close()
