"""Posts in the console: the board by status with the actions each state allows, and
those actions run through the API's use-cases."""

from __future__ import annotations

import html
import re
from collections.abc import AsyncIterator
from datetime import timedelta

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
    await browser.post(f"/console/posts/{post_id}/to-manual", {"next": "/console/posts"})
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


async def test_the_post_page_shows_content_settings_and_the_trail_in_order(api: Api) -> None:
    channel = await api.connect()
    post_id = await pw.scheduled(api, channel["id"], "Trail me #t")
    browser = Browser(api)
    await browser.sign_in()
    page = await browser.get(f"/console/posts/{post_id}")
    assert "Trail me #t" in page and "Only me" in page and "Scheduled" in page
    assert "<video src=" in page  # the preview, through a signed link
    trail = re.search(r'<ol class="trail">(.*?)</ol>', page, re.S).group(1)  # type: ignore[union-attr]
    steps = re.findall(r"</time> — ([^<]*)</li>", trail)
    assert steps[0].startswith("Drafted by") and steps[1] == "Approved by c"
    assert steps[2].startswith("Scheduled for 2026-") and len(steps) == 3
    assert 'id="schedule"' in page and "Reschedule" in page and "/unschedule" in page
    assert "Share for client approval" not in page  # approved already


async def test_scheduling_from_the_post_page_and_a_bad_time(api: Api) -> None:
    channel = await api.connect()
    post_id = await pw.approved(api, channel["id"], "When #w")
    browser = Browser(api)
    await browser.sign_in()
    path = f"/console/posts/{post_id}"
    await browser.get(path)
    for bad, told in (("2020-01-01T10:00", "must be in the future"), ("tomorrow", "not a date")):
        answer = await browser.post(f"{path}/schedule", {"at": bad})
        assert answer.status == 303 and answer.headers["Location"] == path
        assert any(told in a for a in alerts(await browser.get(path))), bad
    assert (await pw.show(api, post_id))["status"] == "client_approved"
    at = (api.world.clock.now() + timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    await browser.post(f"{path}/schedule", {"at": at})
    page = await browser.get(path)
    assert "Scheduled for" in page and (await pw.show(api, post_id))["status"] == "scheduled"


async def test_a_failed_post_shows_its_reason_and_remedy_and_retries(api: Api) -> None:
    channel = await api.connect()
    post_id = await pw.failed(api, channel["id"])
    browser = Browser(api)
    await browser.sign_in()
    page = await browser.get(f"/console/posts/{post_id}")
    shown = await pw.show(api, post_id)
    failure = shown["failure"]
    assert "Why it failed" in page and failure["code"] in page
    assert html.escape(failure["remedy"], quote=False) in page or failure[
        "remedy"
    ] in html.unescape(page)
    assert "Failed: " in page and "/retry" in page and "Move to manual" in page
    assert "Refused #spam" in _column(await browser.get("/console/posts"), "failed")


async def test_a_published_post_links_to_tiktok(api: Api) -> None:
    channel = await api.connect()
    post_id = await pw.published(api, channel["id"])
    browser = Browser(api)
    await browser.sign_in()
    page = await browser.get(f"/console/posts/{post_id}")
    shown = await pw.show(api, post_id)
    assert shown["status"] == "published" and "Published on TikTok" in page
    link = (
        shown["share_url"] or f"https://www.tiktok.com/@brand/video/{shown['tiktok_post_ids'][0]}"
    )
    assert f'href="{link}"' in page and "On TikTok" in page
    assert 'id="schedule"' not in page and "/approve" not in page


async def test_another_organisations_post_page_is_not_found(api: Api) -> None:
    other = await api.as_org("org-b")
    theirs = await pw.draft(other, (await other.connect("open-3", "theirs"))["id"], "Theirs")
    browser = Browser(api)
    await browser.sign_in()
    page = await browser.get(f"/console/posts/{theirs}", expect=404)
    assert "Theirs" not in page
    await browser.get("/console/posts")
    assert (await browser.post(f"/console/posts/{theirs}/share")).status == 404


async def test_the_channel_page_links_to_its_posts(api: Api) -> None:
    channel = await api.connect()
    browser = Browser(api)
    await browser.sign_in()
    page = await browser.get(f"/console/channels/{channel['id']}")
    assert f'href="/console/posts?channel_id={channel["id"]}"' in page
    assert f'href="/console/posts/new?channel_id={channel["id"]}"' in page
