"""Where TikTok's docs are silent and real clients differ, the sandbox's choice is a
setting: unknown ``fields`` names, and the body of upload answers."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from adapters.sandbox.settings import UnknownFields, UploadAnswerBody
from tests.integration.sandbox.harness import Tik, file_init_body

INIT = "/v2/post/publish/video/init/"
CHUNK = 6_000_000
NPM_LOGIN_KIT_FIELDS = "open_id,union_id,avatar_url,avatar_url_100,avatar_url_200,display_name"


async def test_unknown_user_fields_are_refused_by_default(tik: Tik) -> None:
    assert tik.settings.unknown_fields is UnknownFields.REFUSE
    token = (await tik.login())["access_token"]
    reply = await tik.api("GET", "/v2/user/info/", token, params={"fields": NPM_LOGIN_KIT_FIELDS})
    assert (reply.status, reply.code) == (400, "invalid_params")
    assert "avatar_url_200" in reply.body["error"]["message"]


async def test_unknown_user_fields_can_be_left_out_of_the_answer(tik: Tik) -> None:
    changed = await tik.control("PATCH", "/settings", {"unknown_fields": "ignore"})
    assert changed.body == {"changed": ["unknown_fields"]}
    token = (await tik.login())["access_token"]
    reply = await tik.api("GET", "/v2/user/info/", token, params={"fields": NPM_LOGIN_KIT_FIELDS})
    assert reply.code == "ok"
    assert set(reply.data["user"]) == set(NPM_LOGIN_KIT_FIELDS.split(",")) - {"avatar_url_200"}
    scoped = await tik.api("GET", "/v2/user/info/", token, params={"fields": "nope,username"})
    assert scoped.code == "ok" and scoped.data["user"] == {"username": "sandbox_brand"}
    videos = await tik.api(
        "POST", "/v2/video/list/", token, {}, params={"fields": "id,music_title"}
    )
    assert videos.code == "ok" and set(videos.data["videos"][0]) == {"id"}


async def upload_answers(tik: Tik, payload: bytes) -> list[tuple[int, str]]:
    """A 404, a 416, the 206 and the 201 of a two-chunk upload: status and body."""
    token = (await tik.login())["access_token"]
    init = await tik.api("POST", INIT, token, file_init_body(len(payload), CHUNK, 2))
    url, total = init.data["upload_url"], len(payload)
    answers = []
    for target, data, first in (
        (url.replace("upload_token=", "upload_token=x"), payload[:CHUNK], 0),
        (url, payload[CHUNK:], CHUNK),
        (url, payload[:CHUNK], 0),
        (url, payload[CHUNK:], CHUNK),
    ):
        hdrs = {
            "Content-Type": "video/mp4",
            "Content-Range": f"bytes {first}-{first + len(data) - 1}/{total}",
        }
        async with tik.http.put(target, data=data, headers=hdrs) as response:
            answers.append((response.status, await response.text()))
    return answers


async def test_upload_answers_have_no_body_by_default(tik: Tik, media: dict[str, Path]) -> None:
    assert tik.settings.upload_answer_body is UploadAnswerBody.EMPTY
    answers = await upload_answers(tik, media["multi"].read_bytes())
    assert answers == [(404, ""), (416, ""), (206, ""), (201, "")]


async def test_upload_answers_can_carry_plain_text(tik: Tik, media: dict[str, Path]) -> None:
    await tik.control("PATCH", "/settings", {"upload_answer_body": "text"})
    answers = await upload_answers(tik, media["multi"].read_bytes())
    assert [status for status, _ in answers] == [404, 416, 206, 201]
    assert "no upload task" in answers[0][1] and "progress" in answers[1][1]
    assert answers[2][1] == answers[3][1] == ""


async def test_upload_answers_can_carry_json(tik: Tik, media: dict[str, Path]) -> None:
    await tik.control("PATCH", "/settings", {"upload_answer_body": "json"})
    answers = await upload_answers(tik, media["multi"].read_bytes())
    codes = [json.loads(body)["error"]["code"] for _, body in answers]
    assert codes == ["upload_not_found", "content_range_mismatch", "ok", "ok"]


@pytest.mark.parametrize(
    ("key", "value"), [("unknown_fields", "sometimes"), ("upload_answer_body", "xml")]
)
async def test_a_choice_outside_the_options_is_a_problem(tik: Tik, key: str, value: str) -> None:
    reply = await tik.control("PATCH", "/settings", {key: value})
    assert (reply.status, reply.body["code"]) == (400, "invalid_fields")
    assert key in reply.body["detail"]
