"""Posts in the console: the board by status with the actions each state allows, and
those actions run through the API's use-cases."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator

import pytest

from tests.e2e.api_world import Api
from tests.e2e.console import posts_world as pw
from tests.e2e.console.pages import Browser, alerts


@pytest.fixture
async def api() -> AsyncIterator[Api]:
    api = await Api.start()
    yield api
    await api.close()


def _card(page: str, caption: str) -> str:
    """The board's card for a caption (its article element)."""
    found = re.search(
        r'<article class="card" aria-label="' + re.escape(caption) + r'">(.*?)</article>',
        page,
        re.S,
    )
    assert found, caption
    return found.group(1)


def _column(page: str, status: str) -> str:
    found = re.search(r'<section aria-labelledby="col-' + status + r'">(.*?)</section>', page, re.S)
    assert found, status
    return found.group(1)


async def test_the_board_groups_posts_and_offers_what_each_state_allows(api: Api) -> None:
    channel = await api.connect()
    await pw.draft(api, channel["id"], "Draft one #a")
    await pw.approved(api, channel["id"], "Approved one #b")
    await pw.scheduled(api, channel["id"], "Scheduled one #c")
    await pw.manual(api, channel["id"], "Manual one #d")
    browser = Browser(api)
    await browser.sign_in()
    page = await browser.get("/console/posts")
    assert "Draft one #a" in _column(page, "draft")
    assert "Approved one #b" in _column(page, "client_approved")
    assert "Scheduled one #c" in _column(page, "scheduled")
    assert "Manual one #d" in _column(page, "manual_pending")
    draft = _card(page, "Draft one #a")
    assert "/approve" in draft and "Move to manual" in draft and "/unschedule" not in draft
    approved = _card(page, "Approved one #b")
    assert "Schedule" in approved and "Publish now" in approved and "/approve" not in approved
    scheduled = _card(page, "Scheduled one #c")
    assert "/unschedule" in scheduled and "/retry" not in scheduled  # no error to retry after
    manual = _card(page, "Manual one #d")
    assert "Publish by hand" in manual and "Schedule" not in manual and "/approve" not in manual


async def test_board_actions_move_posts_and_say_so(api: Api) -> None:
    channel = await api.connect()
    post_id = await pw.draft(api, channel["id"], "Move me #m")
    browser = Browser(api)
    await browser.sign_in()
    await browser.get("/console/posts")
    answer = await browser.post(f"/console/posts/{post_id}/approve", {"next": "/console/posts"})
    assert answer.status == 303 and answer.headers["Location"] == "/console/posts"
    page = await browser.get("/console/posts")
    assert "Approved." in page and "Move me #m" in _column(page, "client_approved")
    assert (await pw.show(api, post_id))["approved_by"] == "console: tests"
    await browser.post(f"/console/posts/{post_id}/publish-now", {"next": "/console/posts"})
    assert "Move me #m" in _column(await browser.get("/console/posts"), "scheduled")
    await browser.post(f"/console/posts/{post_id}/unschedule", {"next": "/console/posts"})
    assert "Move me #m" in _column(await browser.get("/console/posts"), "client_approved")
    await browser.post(f"/console/posts/{post_id}/manual", {"next": "/console/posts"})
    page = await browser.get("/console/posts")
    assert "Move me #m" in _column(page, "manual_pending")
    assert (await pw.show(api, post_id))["manual_reason"] == "chosen"
    # Not allowed from here: a message, nothing changes.
    await browser.post(f"/console/posts/{post_id}/approve", {"next": "/console/posts"})
    page = await browser.get("/console/posts")
    assert any("Not done" in a for a in alerts(page))
    assert (await pw.show(api, post_id))["status"] == "manual_pending"


async def test_the_channel_filter_and_another_organisations_post(api: Api) -> None:
    one = await api.connect()
    two = await api.connect("open-2", "second")
    await pw.draft(api, one["id"], "On one #1")
    await pw.draft(api, two["id"], "On two #2")
    browser = Browser(api)
    await browser.sign_in()
    page = await browser.get(f"/console/posts?channel_id={one['id']}")
    assert "On one #1" in page and "On two #2" not in page
    page = await browser.get("/console/posts?channel_id=nosuch")
    assert "On one #1" in page and "On two #2" in page
    other = await api.as_org("org-b")
    theirs = await pw.draft(other, (await other.connect("open-3", "theirs"))["id"], "Theirs")
    answer = await browser.post(f"/console/posts/{theirs}/approve", {"next": "/console/posts"})
    assert answer.status == 404
    assert (await pw.show(other, theirs))["status"] == "draft"
