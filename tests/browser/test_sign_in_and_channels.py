"""A marketer in Chromium: sign in, connect a channel through TikTok's (the sandbox's)
consent page, land on the channel's page, sign out; and the doors that stay shut: a
wrong key, an ended session, a form without its CSRF token, consent cancelled."""

from __future__ import annotations

from playwright.async_api import BrowserContext, Page, expect

from entrypoints.demo import Stack
from tests.browser.conftest import Shot, connect_channel, sign_in


async def test_sign_in_connect_and_sign_out(
    context: BrowserContext, api_key: str, shot: Shot
) -> None:
    page = await context.new_page()
    await page.goto("/console/channels")  # not signed in: the sign-in page
    await expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    await shot(page, "sign-in")
    await sign_in(page, api_key)
    await expect(page.get_by_role("heading", name="Channels")).to_be_visible()

    channel_url = await connect_channel(page)
    await expect(page.get_by_text("TikTok account connected.")).to_be_visible()
    await expect(page.get_by_role("heading", name="Creator options")).to_be_visible()
    await expect(page.get_by_role("heading", name="Recent TikTok videos")).to_be_visible()
    await page.get_by_role("button", name="Sync figures").click()
    await expect(page.get_by_text("Figures synced")).to_be_visible()
    await expect(page.locator("dl.figures")).to_contain_text("Followers")
    await shot(page, "channel")
    await page.goto("/console/channels")
    await expect(page.get_by_role("cell", name="connected")).to_be_visible()
    await shot(page, "channels")

    await page.get_by_role("button", name="Sign out").click()
    await expect(page.get_by_text("You are signed out.")).to_be_visible()
    await page.goto(channel_url)
    await expect(page.get_by_role("heading", name="Sign in")).to_be_visible()


async def test_a_wrong_key_is_refused(context: BrowserContext, api_key: str) -> None:
    page = await context.new_page()
    await page.goto("/console/sign-in")
    await page.get_by_label("API key").fill(api_key[:-2] + "xx")
    await page.get_by_role("button", name="Sign in").click()
    await expect(page.get_by_role("alert")).to_contain_text("did not sign you in")
    await expect(page.get_by_label("API key")).to_have_attribute("aria-invalid", "true")


async def test_an_ended_session_sends_you_to_sign_in(page: Page, stack: Stack) -> None:
    stack.container.config.console_idle_minutes.from_value(0)  # every session is idle now
    try:
        await page.goto("/console/channels")
        await expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
        await expect(page.get_by_role("alert")).to_contain_text("idle too long")
    finally:
        stack.container.config.console_idle_minutes.from_value(120)


async def test_a_form_without_its_csrf_token_is_refused(page: Page, shot: Shot) -> None:
    await page.goto("/console/channels")
    await page.locator(
        'form[action="/console/channels/connect"] input[name="csrf_token"]'
    ).evaluate("input => input.remove()")
    await page.get_by_role("button", name="Connect TikTok").click()
    await expect(page.get_by_role("alert")).to_contain_text("security token")
    await shot(page, "csrf-refused")


async def test_consent_cancelled_reads_as_a_page(page: Page, shot: Shot) -> None:
    await page.goto("/console/channels")
    await page.get_by_role("button", name="Connect TikTok").click()
    await page.get_by_role("button", name="Cancel").click()
    await expect(page.get_by_role("heading", name="Connection cancelled")).to_be_visible()
    await shot(page, "consent-cancelled")
    await page.get_by_role("link", name="Back to your channels").click()
    await expect(page.get_by_role("heading", name="Channels")).to_be_visible()
