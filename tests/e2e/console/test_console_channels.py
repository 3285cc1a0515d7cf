"""Channels in the console: connect through TikTok's consent and land on the channel's
page; consent cancelled reads as a page; the upkeep actions."""

from __future__ import annotations

from collections.abc import AsyncIterator
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.e2e.api_world import Api
from tests.e2e.console.pages import Browser

HTML = {"Accept": "text/html,application/xhtml+xml"}


@pytest.fixture
async def api() -> AsyncIterator[Api]:
    api = await Api.start()
    yield api
    await api.close()


async def _consent(browser: Browser) -> str:
    """Press "Connect TikTok": the state TikTok's consent page was opened with."""
    await browser.get("/console/channels")
    answer = await browser.post("/console/channels/connect")
    assert answer.status == 303
    return parse_qs(urlsplit(answer.headers["Location"]).query)["state"][0]


async def test_connect_lands_on_the_channel_page(api: Api) -> None:
    browser = Browser(api)
    await browser.sign_in()
    state = await _consent(browser)
    api.world.tiktok.add_account("open-5", username="five")
    code = api.world.tiktok.issue_code("open-5")
    async with api.client.get(
        "/oauth/tiktok/callback", params={"state": state, "code": code}, headers=HTML
    ) as back:
        page = await back.text()
        assert back.status == 200 and back.url.path.startswith("/console/channels/")
    assert "TikTok account connected." in page and "Creator options" in page
    listed = await browser.get("/console/channels")
    assert "five" in listed and "connected" in listed


async def test_consent_cancelled_is_a_readable_page(api: Api) -> None:
    browser = Browser(api)
    await browser.sign_in()
    state = await _consent(browser)
    async with api.client.get(
        "/oauth/tiktok/callback",
        params={"state": state, "error": "access_denied", "error_description": "user cancelled"},
        headers=HTML,
    ) as back:
        page = await back.text()
        assert back.status == 200 and back.content_type == "text/html"
    assert "Connection cancelled" in page and "Back to your channels" in page
    async with api.client.get(
        "/oauth/tiktok/callback", params={"state": state, "code": "x"}, headers=HTML
    ) as again:
        assert again.status == 400 and "expired" in await again.text()
    # A program (no text/html) still gets the problem it always got.
    state = await _consent(browser)
    async with api.client.get(
        "/oauth/tiktok/callback", params={"state": state, "error": "access_denied"}
    ) as program:
        assert program.status == 502
        assert (await program.json())["code"] == "tiktok_access_denied"


async def test_upkeep_actions_report_on_the_channel_page(api: Api) -> None:
    channel = await api.connect()
    browser = Browser(api)
    await browser.sign_in()
    page_path = f"/console/channels/{channel['id']}"
    await browser.get(page_path)
    for action, told in (
        ("verify", "healthy"),
        ("refresh", "refreshed"),
        ("sync", "Figures synced"),
    ):
        answer = await browser.post(f"{page_path}/{action}")
        assert answer.status == 303 and answer.headers["Location"] == page_path
        assert told.lower() in (await browser.get(page_path)).lower()
    assert "Followers" in browser.last
    answer = await browser.post(f"{page_path}/disconnect")
    assert answer.status == 303
    listed = await browser.get("/console/channels")
    assert "is disconnected" in listed and "disconnected" in listed
