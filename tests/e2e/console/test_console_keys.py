"""API keys in the console: the list, a new key shown once (with its copy button) that
works at once, revoking one; revoking the session's own key ends the session; another
organisation's keys are not found."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator

import pytest

from tests.e2e.api_world import Api
from tests.e2e.console.pages import Browser

TOKEN = re.compile(r'<code id="new-key">(tck_[^<]+)</code>')


@pytest.fixture
async def api() -> AsyncIterator[Api]:
    api = await Api.start()
    yield api
    await api.close()


async def _create(browser: Browser, name: str) -> tuple[str, str]:
    await browser.get("/console/keys")
    answer = await browser.post("/console/keys", {"name": name})
    page = await answer.text()
    assert answer.status == 201, page
    found = TOKEN.search(page)
    assert found is not None and 'data-copy="new-key"' in page and "shown this once" in page
    assert answer.headers["Cache-Control"] == "no-store"
    key_id = re.search(rf"<td>{name}</td>\s*<td><code>([^<]+)</code>", page)
    assert key_id is not None
    return found.group(1), key_id.group(1)


async def test_a_new_key_is_shown_once_works_and_can_be_revoked(api: Api) -> None:
    browser = Browser(api)
    await browser.sign_in()
    page = await browser.get("/console/keys")
    assert "this session" in page and "tests" in page
    token, key_id = await _create(browser, "CRM sync")
    listed = await browser.get("/console/keys")
    assert "CRM sync" in listed and token not in listed and 'id="new-key"' not in listed
    other = Api(api.world, api.client, token, api.org)
    await other.call("GET", "/v1/channels", expect=200)  # the new key works at once

    revoked = await browser.post(f"/console/keys/{key_id}/revoke")
    assert revoked.status == 303
    page = await browser.get(revoked.headers["Location"])
    assert "Key CRM sync revoked" in page and "revoked" in page
    await other.call("GET", "/v1/channels", expect=401)


async def test_a_name_is_needed_and_kept_when_too_long(api: Api) -> None:
    browser = Browser(api)
    await browser.sign_in()
    await browser.get("/console/keys")
    empty = await browser.post("/console/keys", {"name": "  "})
    page = await empty.text()
    assert empty.status == 422 and 'id="create-name-error"' in page and 'id="new-key"' not in page
    long = "x" * 300
    too_long = await browser.post("/console/keys", {"name": long})
    page = await too_long.text()
    assert too_long.status == 422 and f'value="{long}"' in page and 'aria-invalid="true"' in page
    assert page.count("<tr>") == 1 + 1  # the header row and the session's own key: none made


async def test_revoking_the_sessions_own_key_ends_the_session(api: Api) -> None:
    browser = Browser(api)
    await browser.sign_in()
    page = await browser.get("/console/keys")
    own = re.search(
        r'action="/console/keys/([^/"]+)/revoke" data-confirm="Revoke the key this', page
    )
    assert own is not None
    answer = await browser.post(f"/console/keys/{own.group(1)}/revoke")
    assert answer.status == 303
    page = await browser.get(answer.headers["Location"])
    assert "Sign in" in page and "Your session has ended" in page


async def test_another_organisations_key_is_not_found(api: Api) -> None:
    theirs = await api.as_org("org-b")
    their_keys = await theirs.call("GET", "/v1/api-keys", expect=200)
    their_id = their_keys["items"][0]["id"]
    browser = Browser(api)
    await browser.sign_in()
    page = await browser.get("/console/keys")
    assert their_id not in page
    assert (await browser.post(f"/console/keys/{their_id}/revoke")).status == 404
    await theirs.call("GET", "/v1/channels", expect=200)  # still theirs, still working
