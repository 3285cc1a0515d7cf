"""A marketer in Chromium composes a post with a real video upload (the progress bar),
schedules it, brings it forward and watches it reach published on its page; then a post
published by hand: shared with the client, approved through the link without signing in,
Copy Caption puts the caption on the clipboard, and Mark as published takes its URL."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from playwright.async_api import Browser, Page, expect

from adapters.media.sample_media import make_video
from entrypoints.demo import Stack
from tests.browser.conftest import ORG, Shot, connect_channel

CAPTION = "Launch day in the workshop #launch #behindthescenes"
MANUAL_CAPTION = "Filmed on the phone #diy #team"


async def _wait_for_status(page: Page, label: str, tries: int = 80) -> None:
    """Reload the post page until its status badge reads ``label``."""
    badge = page.locator(".heading .badge")
    for _ in range(tries):
        if (await badge.inner_text()).strip() == label:
            return
        await page.wait_for_timeout(250)
        await page.reload()
    await expect(badge).to_have_text(label)


async def test_compose_upload_schedule_publish_then_publish_by_hand(
    page: Page, stack: Stack, chromium: Browser, shot: Shot, tmp_path: Path
) -> None:
    await page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=stack.api)
    channel_url = await connect_channel(page)
    [channel] = await stack.container.list_channels()(organisation_id=ORG)
    zone = ZoneInfo(channel.time_zone)

    # Compose: TikTok's Direct Post rules on the page, a real video through the progress bar.
    await page.get_by_role("link", name="New post").click()
    await expect(page.locator("#creator-nickname")).not_to_be_empty()
    video = make_video(tmp_path / "launch.mp4", seconds=3)
    await page.get_by_label("Video file").set_input_files(str(video))
    await expect(page.locator("#upload-status")).to_contain_text("Uploaded: launch.mp4")
    assert await page.locator("#upload-progress").evaluate("p => p.value") == 100
    assert (await page.locator("#video-key").input_value()).startswith(f"orgs/{ORG}/")
    await page.get_by_label("Caption").fill(CAPTION)
    privacy = page.get_by_label("Who can view this post")
    assert await privacy.input_value() == ""  # no default chosen for the person
    await privacy.select_option(label="Only me")
    await page.get_by_role("group", name="Allow users to").get_by_label("Comment").check()
    await page.get_by_label("Disclose commercial content").check()
    await expect(page.locator("#commercial-notice")).to_contain_text("indicate if your content")
    await expect(page.get_by_role("button", name="Save post")).to_be_disabled()
    await page.get_by_label("Your brand").check()
    await expect(page.locator("#commercial-notice")).to_contain_text("Promotional content")
    await page.get_by_label("Approve and schedule").check()
    at = (stack.container.clock().now() + timedelta(hours=1)).astimezone(zone)
    await page.get_by_label("Publish at").fill(at.strftime("%Y-%m-%dT%H:%M"))
    await shot(page, "composer")
    await page.get_by_role("button", name="Save post").click()
    await page.wait_for_url("**/console/posts/*")
    await expect(page.get_by_role("status").filter(has_text="Scheduled for")).to_be_visible()
    await expect(page.locator(".heading .badge")).to_have_text("Scheduled")

    # Bring it forward and watch it publish (the publisher, the sandbox, its webhook).
    await page.get_by_role("button", name="Publish now").click()
    await expect(page.get_by_role("status").filter(has_text="Publishing now")).to_be_visible()
    await _wait_for_status(page, "Published")
    await expect(page.locator("ol.trail")).to_contain_text("Published on TikTok")
    await shot(page, "post")

    # A post published by hand: composed, shared, approved by the client through the link.
    await page.goto(channel_url)
    await page.get_by_role("link", name="New post").click()
    await page.get_by_label("Video file").set_input_files(str(video))
    await expect(page.locator("#upload-status")).to_contain_text("Uploaded: launch.mp4")
    await page.get_by_label("Caption").fill(MANUAL_CAPTION)
    await page.get_by_label("Who can view this post").select_option(label="Only me")
    await page.get_by_label("How it goes out").select_option(
        label="Post by hand (we prepare the caption and files)"
    )
    await page.get_by_label("Save and share for client approval").check()
    await page.get_by_role("button", name="Save post").click()
    await page.wait_for_url("**/console/posts/*")
    post_url = page.url
    link = await page.get_by_label("Link for your client").input_value()
    await page.get_by_role("button", name="Copy link").click()
    await expect(page.locator("#approval-copied")).to_have_text("Copied to the clipboard.")

    client = await chromium.new_context(viewport={"width": 390, "height": 844})  # a phone
    try:
        approval = await client.new_page()
        await approval.goto(link)
        await expect(approval.get_by_role("heading", level=1)).to_contain_text(
            "waits for your approval"
        )
        await expect(approval.locator("#post-caption")).to_have_text(MANUAL_CAPTION)
        await approval.get_by_label("Your name").fill("Cleo Client")
        await shot(approval, "approval")
        await approval.get_by_role("button", name="Approve").click()
        await expect(approval.get_by_text("Thank you, Cleo Client")).to_be_visible()
    finally:
        await client.close()

    await page.goto("/console/posts")
    approved = page.locator("section[aria-labelledby=col-client_approved]")
    await expect(approved).to_contain_text(MANUAL_CAPTION)
    await shot(page, "posts")
    await page.goto(post_url)
    await expect(page.locator(".heading .badge")).to_have_text("Approved")
    await expect(page.locator("ol.trail")).to_contain_text("Approved by Cleo Client")
    later = (stack.container.clock().now() + timedelta(hours=2)).astimezone(zone)
    await page.get_by_label("Publish at").fill(later.strftime("%Y-%m-%dT%H:%M"))
    await page.get_by_role("button", name="Schedule", exact=True).click()
    await expect(page.locator(".heading .badge")).to_have_text("Manual")
    await page.get_by_role("link", name="open the manual publish kit").click()
    await page.get_by_role("button", name="Copy Caption").click()
    await expect(page.locator("#copy-status")).to_have_text("Copied to the clipboard.")
    assert await page.evaluate("navigator.clipboard.readText()") == MANUAL_CAPTION
    await expect(page.get_by_role("link", name="Open TikTok")).to_have_attribute(
        "href", "https://www.tiktok.com/upload"
    )
    download = page.get_by_role("link", name="Download launch.mp4")
    assert "/media/" in (await download.get_attribute("href") or "")
    await shot(page, "manual")
    await page.get_by_label("The TikTok video's URL").fill("https://example.com/not-tiktok")
    await page.get_by_role("button", name="Mark as published").click()
    await expect(page.get_by_role("alert")).to_be_visible()
    url = f"https://www.tiktok.com/@{channel.username}/video/7300000000000000042"
    await page.get_by_label("The TikTok video's URL").fill(url)
    await page.get_by_role("button", name="Mark as published").click()
    await expect(
        page.get_by_role("status").filter(has_text="Marked as published on TikTok.")
    ).to_be_visible()
    await expect(page.locator(".heading .badge")).to_have_text("Published")
    await expect(page.get_by_role("link", name=url)).to_be_visible()

    await page.goto("/console/posts")
    published = page.locator("section[aria-labelledby=col-published]")
    await expect(published).to_contain_text(CAPTION)
    await expect(published).to_contain_text(MANUAL_CAPTION)
