"""Client approval in the console: the marketer shares a signed, expiring link; the client
opens it without signing in, sees the post and approves it with their name or sends it
back with a comment. Altered and expired links get a readable page."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from datetime import timedelta
from urllib.parse import urlsplit

import pytest

from domain.approval_link import APPROVAL_LINK_LIFETIME
from tests.e2e.api_world import Api
from tests.e2e.console import posts_world as pw
from tests.e2e.console.pages import Browser


@pytest.fixture
async def api() -> AsyncIterator[Api]:
    api = await Api.start()
    yield api
    await api.close()


async def _shared(api: Api, caption: str = "Please approve #ok") -> tuple[str, str]:
    """A draft shared from its page: its id and the link the page shows."""
    channel = await api.connect()
    post_id = await pw.draft(api, channel["id"], caption)
    marketer = Browser(api)
    await marketer.sign_in()
    await marketer.get(f"/console/posts/{post_id}")
    answer = await marketer.post(f"/console/posts/{post_id}/share")
    assert answer.status == 303
    page = await marketer.get(answer.headers["Location"])
    found = re.search(r'id="approval-link" value="([^"]+)"', page)
    assert found and "Copy link" in page
    assert not re.search(r'id="approval-link"', await marketer.get(f"/console/posts/{post_id}"))
    link = found.group(1).replace("&amp;", "&")
    return post_id, f"{urlsplit(link).path}?{urlsplit(link).query}"


async def test_a_client_approves_without_signing_in(api: Api) -> None:
    post_id, link = await _shared(api)
    assert link.startswith("/console/approve?t=")
    client = Browser(api)  # no sign-in, no API key
    page = await client.get(link)
    assert "Please approve #ok" in page and "Only me" in page and "<video src=" in page
    assert "Sign out" not in page  # not signed in: no console navigation
    answer = await client.post(
        "/console/approve", {"t": link.split("t=")[1], "decision": "approve", "name": "Cleo Client"}
    )
    assert answer.status == 303
    page = await client.get(answer.headers["Location"])
    assert "Thank you, Cleo Client" in page and "Your answer" not in page
    shown = await pw.show(api, post_id)
    assert shown["status"] == "client_approved" and shown["approved_by"] == "Cleo Client"
    again = await client.post(
        "/console/approve", {"t": link.split("t=")[1], "decision": "approve", "name": "Cleo"}
    )
    assert "no longer waiting" in await client.get(again.headers["Location"])


async def test_a_client_sends_a_post_back_with_a_comment(api: Api) -> None:
    post_id, link = await _shared(api)
    client = Browser(api)
    await client.get(link)
    token = link.split("t=")[1]
    answer = await client.post(
        "/console/approve", {"t": token, "decision": "send_back", "name": "Cleo", "comment": ""}
    )
    page = await answer.text()
    assert answer.status == 422 and "say what should change" in page and 'value="Cleo"' in page
    answer = await client.post(
        "/console/approve",
        {"t": token, "decision": "send_back", "name": "Cleo", "comment": "Shorter caption, please"},
    )
    assert answer.status == 303
    assert "Sent back with your comment" in await client.get(answer.headers["Location"])
    shown = await pw.show(api, post_id)
    assert shown["status"] == "draft"
    assert shown["events"][-1] | {"occurred_at": None} == {
        "name": "PostSentBack",
        "post_id": post_id,
        "occurred_at": None,
        "sent_back_by": "Cleo",
        "comment": "Shorter caption, please",
    }
    marketer = Browser(api)
    await marketer.sign_in()
    page = await marketer.get(f"/console/posts/{post_id}")
    assert "Sent back by Cleo: “Shorter caption, please”" in page


async def test_an_approval_needs_a_name(api: Api) -> None:
    post_id, link = await _shared(api)
    client = Browser(api)
    await client.get(link)
    answer = await client.post(
        "/console/approve", {"t": link.split("t=")[1], "decision": "approve", "name": " "}
    )
    assert answer.status == 422 and 'id="err-name"' in await answer.text()
    assert (await pw.show(api, post_id))["status"] == "draft"


async def test_expired_and_altered_links_are_refused_readably(api: Api) -> None:
    post_id, link = await _shared(api)
    client = Browser(api)
    token = link.split("t=")[1]
    page = await client.get(f"/console/approve?t={token[:-3]}xyz", expect=403)
    assert "does not work" in page and "altered" in page
    await client.get("/console/approve", expect=403)
    api.world.clock.advance(APPROVAL_LINK_LIFETIME + timedelta(seconds=1))
    page = await client.get(link, expect=410)
    assert "has expired" in page and "share the post again" in page
    await client.get("/console/sign-in")  # a page with a CSRF token for this browser
    answer = await client.post(
        "/console/approve", {"t": token, "decision": "approve", "name": "Late"}
    )
    assert answer.status == 410 and (await pw.show(api, post_id))["status"] == "draft"


async def test_only_a_draft_is_shared_and_another_organisations_post_is_not(api: Api) -> None:
    channel = await api.connect()
    approved = await pw.approved(api, channel["id"])
    marketer = Browser(api)
    await marketer.sign_in()
    page = await marketer.get(f"/console/posts/{approved}")
    assert "Share for client approval" not in page
    answer = await marketer.post(f"/console/posts/{approved}/share")
    assert "Not shared" in await marketer.get(answer.headers["Location"])
