"""Real answers of the API checked against the OpenAPI document generated from the
response classes (issue 14): the document cannot drift from what the API sends."""

from __future__ import annotations

import re
from typing import Any

import jsonschema

from entrypoints.http.openapi import build_spec
from tests.e2e.api_world import Api
from tests.e2e.test_http_api import video_post


def operation_schema(spec: dict[str, Any], method: str, path: str, status: int) -> Any:
    for template, operations in spec["paths"].items():
        pattern = "^" + re.sub(r"\{\w+\}", "[^/]+", template) + "$"
        if re.match(pattern, path) and method.lower() in operations:
            responses = operations[method.lower()]["responses"]
            answer = responses.get(str(status))
            if answer is None:
                return None
            content = answer["content"]
            return next(iter(content.values()))["schema"]
    raise AssertionError(f"{method} {path} is not in the document")


async def test_every_answer_of_a_publishing_walk_fits_the_document() -> None:
    api = await Api.start()
    try:
        channel = await api.connect()
        cid = channel["id"]
        await api.call("GET", f"/v1/channels/{cid}", expect=200)
        await api.call("GET", f"/v1/channels/{cid}/videos", expect=200)
        await api.call("POST", f"/v1/channels/{cid}/sync", expect=200)
        await api.call("GET", f"/v1/channels/{cid}", expect=200)  # with account figures
        await api.call(
            "PUT",
            "/v1/organisation/return-origins",
            {"origins": ["https://admin.example"]},
            expect=200,
        )
        await api.call("GET", "/v1/organisation/return-origins", expect=200)
        post = await video_post(api, cid)
        pid = post["id"]
        await api.call("PATCH", f"/v1/posts/{pid}", {"caption": "new #one"}, expect=200)
        await api.call("POST", f"/v1/posts/{pid}/approve", {"approved_by": "c"}, expect=200)
        await api.call("POST", f"/v1/posts/{pid}/publish-now", expect=202)
        await api.world.c.run_publisher_pass()()
        await api.call("GET", f"/v1/posts/{pid}", expect=200)
        await api.call("GET", "/v1/posts?limit=1", expect=200)
        await api.call("GET", "/v1/channels", expect=200)
        await api.call("GET", "/v1/posts/nope", expect=404)
        spec = build_spec()
        checked = 0
        for method, path, status, body in api.answers:
            schema = operation_schema(spec, method, path, status)
            assert schema is not None, (method, path, status)
            jsonschema.validate(body, {**schema, "components": spec["components"]})
            checked += 1
        assert checked == len(api.answers) >= 15
    finally:
        await api.close()
