"""Webhooks for integrators in the console: register an endpoint (its secret shown once),
see the events delivered with their attempts, resend one, disable, rotate, delete; bad
input comes back on the form, another organisation's ids are not found."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator

import pytest

from tests.e2e.api_world import Api
from tests.e2e.console.pages import Browser

URL = "https://hooks.example.com/tiktok"
SECRET = re.compile(r'<code id="secret-value">(whsec_[^<]+)</code>')


@pytest.fixture
async def api() -> AsyncIterator[Api]:
    api = await Api.start()
    yield api
    await api.close()


async def _register(browser: Browser, types: tuple[str, ...] = ()) -> tuple[str, str]:
    """Register through the page: the endpoint's page and its secret (shown this once)."""
    await browser.get("/console/webhooks")
    fields = [("url", URL), ("description", "CRM"), ("csrf_token", browser.csrf)]
    fields += [("event_types", t) for t in types]
    answer = await browser.api.client.post("/console/webhooks", data=fields, allow_redirects=False)
    page = await answer.text()
    assert answer.status == 201, page
    found = SECRET.search(page)
    assert found is not None and 'data-copy="secret-value"' in page and "shown this once" in page
    endpoint = re.search(r'href="(/console/webhooks/we_[^"]+)"', page)
    assert endpoint is not None
    assert answer.headers["Cache-Control"] == "no-store"
    return endpoint.group(1), found.group(1)


async def test_register_deliver_resend_and_the_secret_is_never_shown_again(api: Api) -> None:
    browser = Browser(api)
    await browser.sign_in()
    endpoint, secret = await _register(browser, ("channel.connected", "post.failed"))
    await api.connect()  # channel.connected
    while await api.world.c.deliver_events()():
        pass
    page = await browser.get(endpoint)
    assert secret not in page and "never shown again" in page
    assert "channel.connected, post.failed" in page and "delivered" in page and "HTTP 204" in page
    event_link = re.search(r'href="/console/webhooks/events/([^"]+)"', page)
    assert event_link is not None
    event_id = event_link.group(1)
    listed = await browser.get("/console/webhooks")
    assert URL in listed and event_id in listed and secret not in listed

    resent = await browser.post(f"/console/webhooks/events/{event_id}/resend",
                                {"endpoint_id": endpoint.rsplit("/", 1)[1]})  # fmt: skip
    assert resent.status == 303 and resent.headers["Location"] == endpoint
    assert "queued again: 1 delivery" in await browser.get(endpoint)
    while await api.world.c.deliver_events()():
        pass
    assert [e.id for e in api.world.receiver.received].count(event_id) == 2
    shown = await browser.get(f"/console/webhooks/events/{event_id}")
    assert "channel.connected" in shown and "channel_id" in shown and secret not in shown

    disabled = await browser.post(f"{endpoint}/disable")
    assert "disabled: nothing is sent" in await browser.get(disabled.headers["Location"])
    everyone = await browser.post(f"/console/webhooks/events/{event_id}/resend", {})
    assert "No enabled endpoint wants this event" in await browser.get(everyone.headers["Location"])
    enabled = await browser.post(f"{endpoint}/enable")
    assert "enabled: events are sent" in await browser.get(enabled.headers["Location"])

    rotated = await browser.post(f"{endpoint}/rotate", {"overlap_seconds": "3600"})
    page = await rotated.text()
    new = SECRET.search(page)
    assert rotated.status == 200 and new is not None and new.group(1) != secret
    assert "keeps signing for 1 hour(s)" in page
    again = await browser.get(endpoint)
    assert new.group(1) not in again and "signs until" in again

    deleted = await browser.post(f"{endpoint}/delete")
    assert deleted.headers["Location"] == "/console/webhooks"
    assert "Endpoint deleted" in await browser.get("/console/webhooks")
    await browser.get(endpoint, expect=404)


async def test_bad_input_comes_back_on_the_form(api: Api) -> None:
    browser = Browser(api)
    await browser.sign_in()
    await browser.get("/console/webhooks")
    for url, told in (("http://hooks.example.com/x", "https"), ("https://127.0.0.1/x", "public")):
        answer = await browser.post(
            "/console/webhooks", {"url": url, "description": "kept", "event_types": "post.failed"}
        )
        page = await answer.text()
        assert answer.status == 422 and 'id="register-url-error"' in page and told in page
        assert f'value="{url}"' in page and 'value="kept"' in page
        assert 'value="post.failed" checked' in page and "whsec_" not in page
    odd = await browser.post("/console/webhooks", {"url": URL, "event_types": "post.exploded"})
    assert odd.status == 422 and 'id="register-event_types-error"' in await odd.text()
    assert "No endpoint yet." in await browser.get("/console/webhooks")


async def test_another_organisations_endpoint_and_events_are_not_found(api: Api) -> None:
    browser = Browser(api)
    await browser.sign_in()
    endpoint, _ = await _register(browser)
    await api.connect()
    page = await browser.get("/console/webhooks")
    event_id = re.search(r'href="/console/webhooks/events/([^"]+)"', page)
    assert event_id is not None
    other = Browser(await api.as_org("org-b"))
    await other.sign_in()
    await other.get(endpoint, expect=404)
    await other.get(f"/console/webhooks/events/{event_id.group(1)}", expect=404)
    for action in ("disable", "rotate", "delete"):
        assert (await other.post(f"{endpoint}/{action}")).status == 404
    resend = await other.post(f"/console/webhooks/events/{event_id.group(1)}/resend", {})
    assert resend.status == 404
    assert URL not in await other.get("/console/webhooks")
