"""The console's doors: sign-in with a key, CSRF on every form, sessions that end,
the cookie's flags and the Content-Security-Policy on every answer (ADR 0024)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta

import pytest

from tests.e2e.api_world import Api
from tests.e2e.console.pages import Browser, alerts


@pytest.fixture
async def api() -> AsyncIterator[Api]:
    api = await Api.start()
    yield api
    await api.close()


async def test_pages_ask_for_sign_in_and_come_back_after_it(api: Api) -> None:
    browser = Browser(api)
    page = await browser.get("/console/channels")  # redirected to the sign-in page
    assert "API key" in page and 'name="next" value="/console/channels"' in page
    answer = await browser.post(
        "/console/sign-in", {"api_key": api.token, "next": "/console/channels"}
    )
    assert answer.status == 303 and answer.headers["Location"] == "/console/channels"
    cookie = answer.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Path=/console" in cookie
    assert api.token not in cookie  # the key's secret never rides in the cookie
    assert "Connect TikTok" in await browser.get("/console/channels")


async def test_a_wrong_key_is_refused_with_a_message(api: Api) -> None:
    browser = Browser(api)
    await browser.get("/console/sign-in")
    for wrong in ("tck_nosuch_secret", "not a key", api.token + "x"):
        answer = await browser.post("/console/sign-in", {"api_key": wrong})
        assert answer.status == 401
    await browser.get("/console/channels")
    assert "Sign in" in browser.last and "Connect TikTok" not in browser.last


async def test_a_form_without_its_csrf_token_changes_nothing(api: Api) -> None:
    browser = Browser(api)
    await browser.sign_in()
    answer = await browser.post("/console/channels/connect", csrf=False)
    assert answer.status == 403
    assert "security token" in await answer.text()
    answer = await browser.post("/console/channels/connect", {"csrf_token": "forged"}, csrf=False)
    assert answer.status == 403
    sign_in_without = await browser.post("/console/sign-in", {"api_key": api.token}, csrf=False)
    assert sign_in_without.status == 403  # no login CSRF either
    assert (await browser.post("/console/channels/connect")).status == 303  # with it: goes


async def test_an_idle_session_ends_and_says_why(api: Api) -> None:
    browser = Browser(api)
    await browser.sign_in()
    api.world.clock.advance(timedelta(minutes=121))
    page = await browser.get("/console/channels")
    assert "Sign in" in page
    assert any("idle too long" in text for text in alerts(page))


async def test_revoking_the_key_ends_its_sessions(api: Api) -> None:
    browser = Browser(api)
    await browser.sign_in()
    keys = await api.call("GET", "/v1/api-keys", expect=200)
    key_id = api.token.split("_")[1]
    assert any(k["id"] == key_id for k in keys["items"])
    await api.world.c.revoke_api_key()(organisation_id=api.org, key_id=key_id)
    api.world.clock.advance(timedelta(seconds=2))  # past the one-second key cache
    page = await browser.get("/console/channels")
    assert any("revoked" in text for text in alerts(page))


async def test_sign_out_ends_the_session(api: Api) -> None:
    browser = Browser(api)
    await browser.sign_in()
    answer = await browser.post("/console/sign-out")
    assert answer.status == 303 and answer.headers["Location"] == "/console/sign-in"
    page = await browser.get("/console/channels")
    assert "Sign in" in page and "Connect TikTok" not in page


async def test_every_console_answer_carries_the_security_headers(api: Api) -> None:
    browser = Browser(api)
    await browser.sign_in()
    for path in ("/console/sign-in", "/console/channels", "/console/channels/nope"):
        async with api.client.get(path) as answer:
            policy = answer.headers["Content-Security-Policy"]
            assert "script-src 'self'" in policy and "'unsafe-inline'" not in policy
            assert "frame-ancestors 'none'" in policy
            assert answer.headers["X-Frame-Options"] == "DENY"
    page = await browser.get("/console/channels/nope", expect=404)
    assert "not found" in page and "<script>" not in page


async def test_a_next_address_off_the_console_is_ignored(api: Api) -> None:
    browser = Browser(api)
    for evil in ("https://evil.example/", "//evil.example/x", "/v1/posts"):
        await browser.get("/console/sign-in")
        answer = await browser.post("/console/sign-in", {"api_key": api.token, "next": evil})
        assert answer.headers["Location"] == "/console/channels"


async def test_one_organisation_never_sees_anothers_channel(api: Api) -> None:
    channel = await api.connect()
    other = await api.as_org("org-b")
    browser = Browser(other)
    await browser.sign_in()
    await browser.get(f"/console/channels/{channel['id']}", expect=404)
    assert channel["display_name"] not in await browser.get("/console/channels")
