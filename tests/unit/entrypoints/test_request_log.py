"""An operator can follow a request or a job: its id in the response header and in every
problem body, its ids bound to every line it logs, one canonical line at its end."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest
from multidict import CIMultiDict

from entrypoints.log_context import request_id
from tests.e2e.api_world import Api
from tests.unit.application.world import ORG, World

LogLines = list[dict[str, Any]]


@pytest.fixture
def world() -> World:
    return World.build()


@pytest.fixture
async def api() -> AsyncIterator[Api]:
    api = await Api.start(org=ORG)
    yield api
    await api.client.close()


def _the(lines: LogLines, event: str, **match: object) -> dict[str, Any]:
    found = [
        line
        for line in lines
        if line["event"] == event and all(line.get(k) == v for k, v in match.items())
    ]
    assert len(found) == 1, (event, match, lines)
    return found[0]


async def _get(api: Api, path: str, **headers: str) -> tuple[int, CIMultiDict[str], Any]:
    hdrs = {"Authorization": f"Bearer {api.token}", **headers}
    async with api.client.get(path, headers=hdrs) as answer:
        return answer.status, CIMultiDict(answer.headers), await answer.json(content_type=None)


async def test_a_request_gets_an_id_echoed_and_one_canonical_line(
    api: Api, lines: LogLines
) -> None:
    status, headers, _ = await _get(api, "/v1/posts")
    assert status == 200
    rid = headers["X-Request-Id"]
    assert len(rid) == 32 and int(rid, 16) >= 0  # ours: a random hex id
    line = _the(lines, "request", request_id=rid)
    assert line["status"] == 200 and line["outcome"] == "ok"
    assert line["method"] == "GET" and line["route"] == "/v1/posts"
    assert line["organisation_id"] == ORG and line["tiktok_calls"] == 0
    assert line["duration_ms"] >= 0


async def test_a_sane_incoming_id_is_kept_and_a_bad_one_replaced(api: Api) -> None:
    _, kept, _ = await _get(api, "/v1/posts", **{"X-Request-Id": "trace-1234abcd"})
    assert kept["X-Request-Id"] == "trace-1234abcd"
    _, replaced, _ = await _get(api, "/v1/posts", **{"X-Request-Id": "x"})
    assert replaced["X-Request-Id"] != "x" and len(replaced["X-Request-Id"]) == 32


async def test_every_problem_body_names_the_request_id(api: Api, lines: LogLines) -> None:
    status, headers, body = await _get(api, "/v1/posts/no-such-post")
    assert status == 404 and body["code"] == "not_found"
    assert body["request_id"] == headers["X-Request-Id"]
    line = _the(lines, "request", request_id=body["request_id"])
    assert line["status"] == 404 and line["outcome"] == "client_error"
    assert line["post_id"] == "no-such-post"  # the path's ids are bound for every line
    async with api.client.get("/v1/posts") as unauthenticated:  # refused before any handler
        problem = await unauthenticated.json(content_type=None)
        assert unauthenticated.status == 401
        assert problem["request_id"] == unauthenticated.headers["X-Request-Id"]


async def test_the_line_counts_the_tiktok_calls_the_request_made(api: Api, lines: LogLines) -> None:
    channel = await api.world.connect()
    status, headers, _ = await _get(api, f"/v1/channels/{channel.id}/creator-options")
    assert status == 200
    line = _the(lines, "request", request_id=headers["X-Request-Id"])
    assert line["tiktok_calls"] >= 1 and line["channel_id"] == channel.id


async def test_a_publish_job_binds_its_post_and_logs_one_line(
    world: World, lines: LogLines
) -> None:
    channel = await world.connect()
    post = await world.due(channel, media=world.video(size=6_000_000))
    await world.c.publish_due_post()(post_id=post.id)
    line = _the(lines, "use_case", use_case="publish_due_post", post_id=post.id)
    assert line["outcome"] == "ok" and line["post_status"] == "publishing"
    assert line["channel_id"] == channel.id and line["organisation_id"] == ORG
    assert line["tiktok_calls"] >= 2  # at least the init and the upload
    inner = [entry for entry in lines if entry is not line and entry.get("post_id") == post.id]
    assert all(entry["post_id"] == post.id for entry in inner)


async def test_a_failing_job_logs_its_error_as_the_outcome(world: World, lines: LogLines) -> None:
    with pytest.raises(Exception) as raised:
        await world.c.publish_due_post()(post_id="no-such-post")
    line = _the(lines, "use_case", post_id="no-such-post")
    assert line["outcome"] == f"error:{type(raised.value).__name__}"


def test_request_ids_are_accepted_only_as_plain_tokens() -> None:
    assert request_id("0f8fad5b-d9cb-469f-a165-70867728950e") == (
        "0f8fad5b-d9cb-469f-a165-70867728950e"
    )
    for bad in (
        None,
        "",
        "short",
        "has space in it",
        "x" * 200,
        'quote"d-id-123',
        "new\nline-1234",
    ):
        assert request_id(bad) != bad and len(request_id(bad)) == 32
