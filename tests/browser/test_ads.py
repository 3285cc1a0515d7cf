"""A marketer in Chromium: connect an ad account with the auth code TikTok's (the
sandbox's) advertiser authorisation sends back, create a campaign with an ad group and an
ad, wait for its review, sync the day and read the campaign's report; then register a
webhook endpoint for the platform and copy its secret, shown once."""

from __future__ import annotations

import re
from urllib.parse import urlencode

from playwright.async_api import Page, expect

from adapters.sandbox.marketing.settings import DEFAULT_APP_ID
from entrypoints.demo import Stack
from tests.browser.conftest import Shot

REVIEW_WAIT_MS = 20_000


async def test_create_a_campaign_and_see_its_report(page: Page, stack: Stack, shot: Shot) -> None:
    # The advertiser authorises the app on TikTok's page, which sends them back here.
    back = f"{stack.api}/console/ads"
    query = urlencode({"app_id": DEFAULT_APP_ID, "state": "console", "redirect_uri": back})
    await page.goto(f"{stack.sandbox_url}/portal/auth?{query}")
    await page.wait_for_url("**/console/ads?*")
    await expect(page.get_by_label("Auth code")).not_to_have_value("")
    await page.get_by_role("button", name="Connect").click()
    await expect(page.get_by_text("Connected 2 ad account(s)")).to_be_visible()
    await page.get_by_role("link", name="Sandbox Brand Ads", exact=True).click()

    await page.get_by_label("Name", exact=True).fill("Launch week")
    await page.get_by_label("Objective").select_option("VIDEO_VIEWS")
    await page.get_by_label("Budget", exact=True).select_option("BUDGET_MODE_DAY")
    await page.get_by_label("Budget amount (USD) (optional)").fill("5")
    await page.get_by_role("button", name="Create campaign").click()
    await expect(page.locator("#campaign-budget_amount-error")).to_contain_text("minimum of 50")
    await expect(page.get_by_label("Name", exact=True)).to_have_value("Launch week")  # nothing lost
    await page.get_by_label("Budget amount (USD) (optional)").fill("100")
    await page.get_by_role("button", name="Create campaign").click()
    await expect(page.get_by_text("Campaign Launch week created.")).to_be_visible()

    await page.get_by_label("Name", exact=True).fill("US adults")  # the rest comes filled in
    await page.get_by_role("button", name="Create ad group").click()
    await expect(page.get_by_text("Ad group US adults created.")).to_be_visible()

    await page.get_by_label("Name", exact=True).fill("Launch film")
    await page.get_by_label("Ad text").fill("Our launch, on TikTok")
    await page.get_by_label("Identity id").fill("open-browser")
    await page.get_by_label("TikTok post id (Spark Ad) (optional)").fill("7300000000000000001")
    await page.get_by_role("button", name="Create ad").click()
    await expect(page.get_by_text("Ad Launch film created.")).to_be_visible()

    # TikTok's review: its event reaches our receiver; "Check reviews" asks TikTok too.
    await page.get_by_role("link", name="Sandbox Brand Ads").click()
    deadline = REVIEW_WAIT_MS
    while deadline > 0 and not await page.get_by_text("approved").count():
        await page.wait_for_timeout(1000)
        deadline -= 1000
        await page.get_by_role("button", name="Check reviews").click()
    await expect(page.locator("ul.ad-tree").get_by_text("approved").first).to_be_visible()
    await shot(page, "ad-account")  # campaigns, ad groups and ads with their review

    await page.get_by_role("link", name="Reports").click()
    await page.get_by_role("button", name="Sync this day").click()
    await expect(
        page.get_by_text(re.compile(r"Synced \d{4}-\d\d-\d\d from TikTok"))
    ).to_be_visible()
    await expect(page.get_by_role("heading", name="Launch week")).to_be_visible()
    total = page.locator("table.figures-table tfoot tr")
    await expect(total).to_contain_text("Total")
    await shot(page, "ads")


async def test_register_a_webhook_endpoint(page: Page, shot: Shot) -> None:
    await page.get_by_role("link", name="Webhooks").click()
    await page.get_by_label("URL").fill("https://hooks.example.com/tiktok#top")
    await page.get_by_label("post.published").check()
    await page.get_by_role("button", name="Register endpoint").click()
    await expect(page.locator("#register-url-error")).to_contain_text("fragment")
    await expect(page.get_by_label("post.published")).to_be_checked()  # nothing lost
    await page.get_by_label("URL").fill("https://hooks.example.com/tiktok")
    await page.get_by_role("button", name="Register endpoint").click()
    secret = page.locator("#secret-value")
    await expect(secret).to_contain_text("whsec_")
    await page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    await page.get_by_role("button", name="Copy secret").click()
    await expect(page.locator("#secret-copied")).to_contain_text("Copied")
    shown = await secret.text_content()
    await page.get_by_role("link", name="Done: to the endpoint").click()
    await expect(
        page.get_by_role("heading", name="https://hooks.example.com/tiktok")
    ).to_be_visible()
    assert shown and shown not in await page.content()  # never shown again
    await shot(page, "webhook-endpoint")
    await page.get_by_role("link", name="Webhooks", exact=True).first.click()
    await expect(page.get_by_role("cell", name="post.published")).to_be_visible()
    await shot(page, "webhooks")  # the list: no secret on it
