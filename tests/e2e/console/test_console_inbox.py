"""The business account page and the comments inbox, against the sandbox's Accounts API:
connect through the console (back to the page; consent cancelled reads as a page), status,
sync now and a sync job; the inbox newest first with its filters, a conversation answered
once, hidden and shown again, our reply deleted; bad replies keep the text; another
organisation's ids are not found."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.e2e.console.business_stack import HTML, Stack, business_stack
from tests.e2e.console.pages import alerts


@pytest.fixture
async def stack(tmp_path: Path) -> AsyncIterator[Stack]:
    async with business_stack(tmp_path) as stack:
        yield stack


async def test_business_account_connect_status_and_syncs(stack: Stack) -> None:
    channel = await stack.login_kit_channel()
    browser = await stack.browser()
    detail = await browser.get(f"/console/channels/{channel}")
    assert f'href="/console/channels/{channel}/business"' in detail
    page = await browser.get(f"/console/channels/{channel}/business")
    assert "Not connected" in page and "Connect business account" in page

    landed = await stack.connect_business(browser, channel)
    assert "Business account connected." in landed and "sandbox_business" in landed
    assert ">connected</span>" in landed and "comments manage" in landed

    answer = await browser.post(f"/console/channels/{channel}/business/sync")
    assert answer.status == 303
    synced = await browser.get(answer.headers["Location"])
    assert "Synced from the Accounts API" in synced and "days of account metrics" in synced

    answer = await browser.post(f"/console/channels/{channel}/business/sync-job")
    assert answer.status == 303 and "?job=sync_" in answer.headers["Location"]
    job = await browser.get(answer.headers["Location"])
    assert "queued" in job and "<progress" in job

    # The insights page now has the Accounts API's figures: a completion trend and watch time.
    answer = await browser.post(f"/console/channels/{channel}/insights", {"days": "60"})
    insights = await browser.get(answer.headers["Location"])
    assert 'data-chart="completion"' in insights and 'data-chart="daily_views"' in insights
    assert "Average watch time" in insights and "Needs a connected business account" not in insights
    assert "Weekly completion rate as a table" in insights


async def test_business_consent_cancelled_is_a_readable_page(stack: Stack) -> None:
    channel = await stack.login_kit_channel()
    browser = await stack.browser()
    authorize = await stack.consent(browser, channel)
    state = parse_qs(urlsplit(authorize).query)["state"][0]
    async with stack.client.get(
        "/oauth/tiktok-business/callback/",
        params={"state": state, "error": "access_denied"},
        headers=HTML,
    ) as back:
        page = await back.text()
        assert back.status == 200 and back.content_type == "text/html"
    assert "Connection cancelled" in page and "Back to your channels" in page
    assert "Not connected" in await browser.get(f"/console/channels/{channel}/business")


async def test_inbox_reply_hide_and_delete(stack: Stack) -> None:
    channel = await stack.login_kit_channel()
    browser = await stack.browser()
    empty = await browser.get("/console/inbox")
    assert 'href="/console/inbox" aria-current="page"' in empty
    assert "No channel has a business account connected" in empty
    await stack.connect_business(browser, channel)
    assert "No comments yet" in await browser.get("/console/inbox")

    comment, video = await stack.comment(channel)
    inbox = await browser.get("/console/inbox")
    assert f'href="/console/inbox/{channel}/{video}"' in inbox and "1 unread" in inbox
    waiting = await browser.get(f"/console/inbox?channel_id={channel}&unanswered=1")
    assert f"/console/inbox/{channel}/{video}" in waiting

    path = f"/console/inbox/{channel}/{video}"
    thread = await browser.get(path)
    assert f'id="reply-{comment}"' in thread and "At most 150 characters" in thread

    answer = await browser.post(
        f"/console/inbox/{channel}/comments/{comment}/reply", {"text": "Thanks!", "video_id": video}
    )
    assert answer.status == 303 and answer.headers["Location"] == path
    thread = await browser.get(path)
    assert "Reply posted." in thread and ">posted</span> “Thanks!”" in thread
    assert stack.business.state.replies_created == 1
    again = await browser.post(  # a double submit is the same reply
        f"/console/inbox/{channel}/comments/{comment}/reply", {"text": "Thanks!", "video_id": video}
    )
    assert again.status == 303 and stack.business.state.replies_created == 1
    answered = await browser.get("/console/inbox?unanswered=1")
    assert "No conversation awaits a reply." in answered

    answer = await browser.post(f"/console/inbox/{channel}/comments/{comment}/hide")
    assert answer.status == 303
    hidden = await browser.get(answer.headers["Location"])
    assert "Comment hidden." in hidden and ">hidden</span>" in hidden and "Show again" in hidden
    answer = await browser.post(f"/console/inbox/{channel}/comments/{comment}/unhide")
    assert "Comment shown again." in await browser.get(answer.headers["Location"])

    thread = await browser.get(path)
    ours = thread.split('class="card comment ours" id="comment-')[1].split('"')[0]
    answer = await browser.post(f"/console/inbox/{channel}/comments/{ours}/delete")
    assert answer.status == 303
    assert "Comment deleted at TikTok." in await browser.get(answer.headers["Location"])
    refused = await browser.post(f"/console/inbox/{channel}/comments/{comment}/delete")
    assert refused.status == 409  # only the account's own comments can be deleted


async def test_bad_replies_keep_the_text(stack: Stack) -> None:
    channel = await stack.login_kit_channel()
    browser = await stack.browser()
    await stack.connect_business(browser, channel)
    comment, video = await stack.comment(channel)
    await browser.get(f"/console/inbox/{channel}/{video}")
    reply = f"/console/inbox/{channel}/comments/{comment}/reply"
    long_text = "Thank you so much! " * 10
    for text, told in (("   ", "a reply needs text"), (long_text, "at most 150 characters")):
        answer = await browser.post(reply, {"text": text, "video_id": video})
        page = await answer.text()
        assert answer.status == 422
        assert any(told in a for a in alerts(page)), alerts(page)
        assert f">{text}</textarea>" in page  # nothing lost
    assert stack.business.state.replies_created == 0
    missing = await browser.post(
        f"/console/inbox/{channel}/comments/nope/reply", {"text": "hi", "video_id": video}
    )
    assert missing.status == 404
    no_csrf = await browser.post(reply, {"text": "hi", "video_id": video}, csrf=False)
    assert no_csrf.status == 403 and stack.business.state.replies_created == 0


async def test_another_organisations_ids_are_not_found(stack: Stack) -> None:
    channel = await stack.login_kit_channel()
    browser = await stack.browser()
    await stack.connect_business(browser, channel)
    comment, video = await stack.comment(channel)
    stranger = await stack.browser("org-b")
    assert "No channel has a business account connected" in await stranger.get("/console/inbox")
    await stranger.get(f"/console/inbox?channel_id={channel}", expect=404)
    await stranger.get(f"/console/inbox/{channel}/{video}", expect=404)
    await stranger.get(f"/console/channels/{channel}/business", expect=404)
    for action in ("reply", "hide", "unhide", "delete"):
        answer = await stranger.post(
            f"/console/inbox/{channel}/comments/{comment}/{action}",
            {"text": "x", "video_id": video},
        )
        assert answer.status == 404, action
    for action in ("connect", "sync", "sync-job"):
        assert (await stranger.post(f"/console/channels/{channel}/business/{action}")).status == 404
    await browser.get("/console/channels")
    await stranger.get(f"/console/channels/{channel}/business?job=nope", expect=404)
    assert stack.business.state.replies_created == 0
