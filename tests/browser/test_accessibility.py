"""Every console page, checked by axe-core (WCAG 2 A and AA rules: labels, names, roles,
contrast, landmarks) in Chromium, and on a phone-sized screen (375 x 812) with nothing
wider than the screen. Keyboard: the first Tab reaches "Skip to content".

axe-core 4.14.1 (MPL-2.0) is vendored for the tests only: tests/browser/vendor/."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from playwright.async_api import Browser, Page, expect

from adapters.media.sample_media import make_video
from application.ports import PostFilter
from domain.post_state import ManualReason
from entrypoints.demo import Stack
from tests.browser.conftest import ORG, Shot, connect_channel, sign_in

AXE = Path(__file__).parent / "vendor" / "axe.min.js"
RULES = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}
PHONE = {"width": 375, "height": 812}


async def _violations(page: Page) -> list[dict[str, Any]]:
    await page.add_script_tag(path=str(AXE))
    found: list[dict[str, Any]] = await page.evaluate(
        "async (rules) => (await axe.run(document, rules)).violations"
        ".map(v => ({id: v.id, impact: v.impact, help: v.help,"
        " nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}))",
        RULES,
    )
    return found


async def _pages(page: Page, stack: Stack, tmp_path: Path) -> dict[str, str]:
    """Make something to show on each page (a channel, a draft post, a post to publish by
    hand), then the pages to check, by the name of their screenshot."""
    channel_url = await connect_channel(page)
    channel_path = channel_url.removeprefix(stack.api)
    await page.get_by_role("link", name="New post").click()
    video = make_video(tmp_path / "a11y.mp4", seconds=2)
    await page.get_by_label("Video file").set_input_files(str(video))
    await expect(page.locator("#upload-status")).to_contain_text("Uploaded")
    await page.get_by_label("Caption").fill("Accessible #captions")
    await page.get_by_label("Who can view this post").select_option(label="Only me")
    await page.get_by_label("Save as a draft").check()
    await page.get_by_role("button", name="Save post").click()
    await page.wait_for_url("**/console/posts/*")
    post_path = page.url.removeprefix(stack.api)
    [post] = await stack.container.list_posts()(PostFilter(ORG))
    await stack.container.move_post_to_manual()(
        organisation_id=ORG, post_id=post.id, reason=ManualReason.CHOSEN
    )
    return {
        "channels": "/console/channels",
        "channel": channel_path,
        "insights-without-business": f"{channel_path}/insights",
        "business-account": f"{channel_path}/business",
        "posts": "/console/posts",
        "composer": f"/console/posts/new?channel_id={channel_path.rsplit('/', 1)[1]}",
        "draft": post_path,
        "manual": f"{post_path}/manual",
        "inbox": "/console/inbox",
        "ads": "/console/ads",
        "webhooks": "/console/webhooks",
        "keys": "/console/keys",
        "not-found": "/console/posts/no-such-post",
    }


@pytest.fixture
async def audited(chromium: Browser, stack: Stack, api_key: str) -> AsyncIterator[Page]:
    """A signed-in page whose context lets axe's injected script past our CSP (the CSP
    itself is checked elsewhere: tests/e2e/console/test_console_security.py)."""
    context = await chromium.new_context(base_url=stack.api, bypass_csp=True)
    context.set_default_timeout(15_000)
    page = await context.new_page()
    await sign_in(page, api_key)
    yield page
    await context.close()


async def test_every_page_passes_axe_and_fits_a_phone(
    audited: Page, stack: Stack, shot: Shot, tmp_path: Path
) -> None:
    page = audited
    paths = await _pages(page, stack, tmp_path)
    # The checker itself: a field with no label on a page is found.
    await page.goto(paths["channels"])
    await page.evaluate("document.querySelector('main').append(document.createElement('input'))")
    assert "label" in {v["id"] for v in await _violations(page)}
    failures: dict[str, Any] = {}
    for name, path in paths.items():
        await page.goto(path)
        await shot(page, f"page-{name}")
        found = await _violations(page)
        if found:
            failures[path] = found
    await page.set_viewport_size(PHONE)
    too_wide: dict[str, int] = {}
    for name, path in paths.items():
        await page.goto(path)
        await shot(page, f"phone-{name}")
        width = await page.evaluate("document.documentElement.scrollWidth")
        if width > PHONE["width"]:
            too_wide[path] = width
    assert failures == {}, json.dumps(failures, indent=1)
    assert too_wide == {}, too_wide


async def test_the_keyboard_reaches_skip_to_content_first(page: Page) -> None:
    await page.goto("/console/channels")
    await page.keyboard.press("Tab")
    focused = page.locator(":focus")
    await expect(focused).to_have_text("Skip to content")
    await page.keyboard.press("Enter")
    await expect(page.locator("main")).to_be_focused()
