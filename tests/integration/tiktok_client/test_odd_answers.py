"""What real servers and gateways send that the docs do not show (issue 13.18): upload
answers with an empty or non-JSON body, plain-text 4xx from the upload host, status values
we do not know, ``publicaly_available_post_id`` absent, empty or null, OAuth errors with
HTTP 200 or 400 and in either envelope. The sandbox plays what it can (its upload answer
body and OAuth error status switches); a tiny aiohttp server plays the rest."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import aiohttp
import pytest
from aiohttp import web
from aiohttp.test_utils import TestServer

from adapters.memory.object_storage import MemoryObjectStorage
from adapters.tiktok.client import TikTokHttpClient
from adapters.tiktok.config import TikTokClientConfig
from application.errors import TikTokApiError
from application.ports.tiktok import VideoSourceSpec
from domain.chunk_plan import plan_chunks
from domain.post_content import PostSettings, PrivacyLevel, VideoMedia, VideoSource
from domain.publish_status import TikTokPublishStatus
from domain.secret import Secret
from domain.tiktok_errors import Category
from tests.builders import video_post
from tests.integration.sandbox.harness import Tik
from tests.integration.tiktok_client.conftest import connect

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
TOKEN = Secret("act.odd")
K = Category


@pytest.fixture
async def odd() -> AsyncIterator[Callable[[dict[str, Handler]], Awaitable[TikTokHttpClient]]]:
    """A client against a server answering each path with the given handler."""
    servers: list[TestServer] = []
    async with aiohttp.ClientSession() as session:

        async def make(routes: dict[str, Handler]) -> TikTokHttpClient:
            app = web.Application()
            for path, handler in routes.items():
                app.router.add_route("*", path, handler)
            server = TestServer(app, port=0)
            await server.start_server()
            servers.append(server)
            base = str(server.make_url("")).rstrip("/")
            config = TikTokClientConfig(
                client_key="ck",
                client_secret=Secret("cs"),
                api_base=base,
                auth_base=base,
                backoff_base_s=0.01,
                backoff_cap_s=0.02,
            )
            return TikTokHttpClient(session, config)

        yield make
    for server in servers:
        await server.close()


def answer(body: Any, status: int = 200, content_type: str = "application/json") -> Handler:
    async def handle(request: web.Request) -> web.Response:
        await request.read()
        text = body if isinstance(body, str) else json.dumps(body)
        return web.Response(status=status, text=text, content_type=content_type)

    return handle


def ok(data: Any) -> dict[str, Any]:
    return {"data": data, "error": {"code": "ok", "message": "", "log_id": "L1"}}


STATUS = "/v2/post/publish/status/fetch/"


async def failing(call: Awaitable[object], code: str, category: Category) -> TikTokApiError:
    with pytest.raises(TikTokApiError) as caught:
        await call
    assert (caught.value.error.code, caught.value.error.category) == (code, category)
    return caught.value


# ---- status -----------------------------------------------------------------------------


async def test_a_status_value_we_do_not_know_is_transient_not_a_crash(odd) -> None:  # type: ignore[no-untyped-def]
    client = await odd({STATUS: answer(ok({"status": "PUBLISH_SCHEDULED"}))})
    error = await failing(client.fetch_status(TOKEN, "p1"), "unexpected_answer", K.TRANSIENT)
    assert "PUBLISH_SCHEDULED" in error.error.detail


@pytest.mark.parametrize(
    ("ids", "expected"),
    [
        ("absent", ()),
        ([], ()),
        (None, ()),
        ([""], ()),
        ([7307659872391589894], ("7307659872391589894",)),  # more than 2^53: kept exact
        (["7307659872391589894"], ("7307659872391589894",)),
    ],
)
async def test_public_post_ids_absent_empty_null_or_strings(odd, ids, expected) -> None:  # type: ignore[no-untyped-def]
    data: dict[str, Any] = {"status": "PUBLISH_COMPLETE"}
    if ids != "absent":
        data["publicaly_available_post_id"] = ids
    client = await odd({STATUS: answer(ok(data))})
    report = await client.fetch_status(TOKEN, "p1")
    assert report.status is TikTokPublishStatus.PUBLISH_COMPLETE
    assert report.public_post_ids == expected


async def test_a_status_answer_that_is_not_json_is_retried_then_transient(odd) -> None:  # type: ignore[no-untyped-def]
    calls = 0

    async def html(request: web.Request) -> web.Response:
        nonlocal calls
        calls += 1
        return web.Response(text="<html>maintenance</html>", content_type="text/html")

    client = await odd({STATUS: html})
    await failing(client.fetch_status(TOKEN, "p1"), "unexpected_answer", K.TRANSIENT)
    assert calls == client.config.read_attempts


# ---- inits: an answer we cannot read may still have created the post ---------------------


@pytest.mark.parametrize(
    "body", ["", "OK", json.dumps(ok({})), json.dumps(ok(None)), json.dumps({"data": {}})]
)
async def test_an_init_answer_we_cannot_read_is_ambiguous_never_resent(odd, body) -> None:  # type: ignore[no-untyped-def]
    calls = 0

    async def handle(request: web.Request) -> web.Response:
        nonlocal calls
        calls += 1
        return web.Response(text=body, content_type="text/plain")

    client = await odd({"/v2/post/publish/video/init/": handle})
    post = video_post(
        media=VideoMedia("v.mp4"),
        settings=PostSettings(privacy_level=PrivacyLevel.SELF_ONLY),
    )
    spec = VideoSourceSpec(VideoSource.FILE_UPLOAD, plan_chunks(10_000_000))
    error = await failing(
        client.init_video(TOKEN, post=post, source=spec), "init_outcome_unknown", K.AMBIGUOUS
    )
    assert error.ambiguous and calls == 1  # sent once, never again by the client


# ---- uploads --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "body", "code"),
    [
        (403, "Forbidden", "403"),
        (404, "no such upload", "404"),
        (400, "<html><body>Bad Request</body></html>", "400"),
    ],
)
async def test_plain_text_refusals_from_the_upload_host(odd, status, body, code) -> None:  # type: ignore[no-untyped-def]
    client = await odd({"/upload/": answer(body, status, "text/plain")})
    store = MemoryObjectStorage()
    store.put_bytes("v.mp4", b"\0" * 1000, "video/mp4")
    with pytest.raises(TikTokApiError) as caught:
        await client.upload(
            f"{client.config.api_base}/upload/?upload_id=u1",
            plan=plan_chunks(1000),
            read_range=lambda first, last: store.read_range("v.mp4", first, last),
            content_type="video/mp4",
        )
    assert caught.value.error.code == code and caught.value.http_status == status


@pytest.mark.parametrize("body", ["", "OK", "<html>done</html>", "{not json"])
async def test_an_upload_answer_body_is_never_parsed(odd, body) -> None:  # type: ignore[no-untyped-def]
    client = await odd({"/upload/": answer(body, 201, "text/plain")})
    store = MemoryObjectStorage()
    store.put_bytes("v.mp4", b"\0" * 1000, "video/mp4")
    sent: list[int] = []
    await client.upload(
        f"{client.config.api_base}/upload/?upload_id=u1",
        plan=plan_chunks(1000),
        read_range=lambda first, last: store.read_range("v.mp4", first, last),
        content_type="video/mp4",
        progress=sent.append,
    )
    assert sent == [1000]


async def test_the_sandbox_refusing_an_expired_upload_in_plain_text(
    tik: Tik, client: TikTokHttpClient, storage: MemoryObjectStorage
) -> None:
    from tests.integration.tiktok_client.test_posting import upload_post

    tik.settings.upload_answer_body = "text"  # type: ignore[assignment]
    await tik.control("PUT", "/faults", {"upload_url_lifetime_s": 0})
    token = Secret((await connect(tik, client)).access_token)
    with pytest.raises(TikTokApiError) as caught:
        await upload_post(tik, client, storage, "multi", token)
    assert caught.value.http_status == 403
    assert caught.value.error.category is not K.UNKNOWN


# ---- OAuth ----------------------------------------------------------------------------


@pytest.mark.parametrize("status", [200, 400])
async def test_oauth_errors_in_the_sandbox_at_either_status(
    tik: Tik, client: TikTokHttpClient, status: int
) -> None:
    tik.settings.oauth_error_status = status
    error = await failing(
        client.refresh(Secret("rft.unknown")), "invalid_grant", K.RECONNECT_NEEDED
    )
    assert error.http_status == status and error.error.log_id


@pytest.mark.parametrize("status", [200, 400])
async def test_an_oauth_error_in_the_v2_envelope_is_an_error(odd, status) -> None:  # type: ignore[no-untyped-def]
    body = {"error": {"code": "invalid_params", "message": "bad", "log_id": "L2"}}
    client = await odd({"/v2/oauth/token/": answer(body, status)})
    with pytest.raises(TikTokApiError) as caught:
        await client.refresh(Secret("rft.x"))
    assert caught.value.error.code == "invalid_params" and caught.value.http_status == status


@pytest.mark.parametrize(
    ("status", "body", "code"),
    [
        (200, {}, "unexpected_answer"),  # no token in an ok answer
        (200, {"data": {"error_code": 10007, "description": "expired"}}, "unexpected_answer"),
        (200, "", "unexpected_answer"),
        (400, "", "http_400"),
        (400, "Bad Request", "http_400"),
        (401, {"message": "unauthorized"}, "http_401"),
    ],
)
async def test_oauth_answers_in_no_documented_shape_are_errors(odd, status, body, code) -> None:  # type: ignore[no-untyped-def]
    client = await odd({"/v2/oauth/token/": answer(body, status)})
    with pytest.raises(TikTokApiError) as caught:
        await client.refresh(Secret("rft.x"))
    assert caught.value.error.code == code
