"""A marketer in Chromium reads a channel's insights and answers a comment: connect the
channel and its business account (the sandbox's consent pages), sync, compute the insight,
see the charts Chart.js drew (each with its table), then reply from the inbox."""

from __future__ import annotations

import aiohttp
from playwright.async_api import Page, expect

from entrypoints.demo import Stack
from tests.browser.conftest import Shot, connect_channel

CHARTS_DRAWN = """() => Array.from(document.querySelectorAll("canvas[data-chart]")).map(
  (canvas) => [canvas.dataset.chart, Boolean(window.Chart && window.Chart.getChart(canvas))]
)"""


async def test_insights_charts_and_a_reply_from_the_inbox(
    page: Page, stack: Stack, shot: Shot
) -> None:
    channel_url = await connect_channel(page)
    await page.get_by_role("button", name="Sync figures").click()
    await expect(page.get_by_text("Figures synced")).to_be_visible()

    await page.get_by_role("link", name="Business account").click()
    await expect(page.get_by_role("heading", name="Not connected")).to_be_visible()
    await page.get_by_role("button", name="Connect business account").click()
    await page.wait_for_url("**/business?channel_id=*")
    await expect(page.get_by_text("Business account connected.")).to_be_visible()
    await page.get_by_role("button", name="Sync now").click()
    await expect(page.get_by_text("Synced from the Accounts API")).to_be_visible()

    await page.goto(channel_url)
    await page.get_by_role("link", name="Insights").click()
    await page.get_by_role("button", name="Compute now").click()
    await expect(page.get_by_text("Insight computed from the latest figures.")).to_be_visible()
    await page.get_by_label("Period").select_option("90")
    await page.get_by_role("button", name="Show").click()
    await page.wait_for_url("**/insights?days=90")
    await page.wait_for_function("document.querySelectorAll('canvas[data-chart]').length > 0")
    drawn = dict(await page.evaluate(CHARTS_DRAWN))
    assert {"views", "days", "hours", "hashtags", "completion"} <= set(drawn), drawn
    assert all(drawn.values()), drawn  # a Chart instance on every canvas
    await expect(page.get_by_text("Weekly completion rate as a table")).to_be_visible()
    await expect(page.get_by_role("heading", name="Suggested next video")).to_be_visible()
    await shot(page, "insights")

    async with (
        aiohttp.ClientSession() as http,
        http.post(
            f"{stack.sandbox_url}/_sandbox/business/comments",
            json={"username": "sandbox_business", "text": "Where can I buy this?"},
        ) as made,
    ):
        assert made.status < 300, await made.text()
    await page.get_by_role("link", name="Inbox").click()
    conversation = page.get_by_role("link", name="Video ")
    for _ in range(50):  # the comment arrives by TikTok's (the sandbox's) webhook
        if await conversation.count():
            break
        await page.wait_for_timeout(200)
        await page.reload()
    await expect(page.get_by_text("1 unread comment")).to_be_visible()
    await conversation.first.click()
    await expect(page.get_by_text("Where can I buy this?")).to_be_visible()
    await page.get_by_label("Reply to").first.fill("At our shop, link in bio!")
    await page.get_by_role("button", name="Reply").first.click()
    await expect(page.get_by_role("status").filter(has_text="Reply posted.")).to_be_visible()
    await expect(page.locator("ul.reply-states")).to_contain_text("posted")
    await shot(page, "inbox")
