"""The console in a real browser: Chromium driven by Playwright (the PyPI package, pointed
at the system's Chromium), against a live stack on loopback: the sandbox (our local
TikTok, with its consent page), the API with the console, and the workers.

Every test here is marked ``browser`` (``./test.sh -m "not browser"`` leaves them out).
Screenshots go to ``$CONSOLE_SCREENSHOTS_DIR`` (default: a temporary directory)."""

from __future__ import annotations

import os
import shutil
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from pathlib import Path

import pytest
from playwright.async_api import Browser, BrowserContext, Page, async_playwright

from entrypoints.demo import Stack, _stack
from tests.tempdirs import server_reachable_dir

HERE = Path(__file__).parent
ORG = "org-browser"
# As the machine's probe found: without the background-networking flags Chromium keeps
# calling home, and this machine's closed network refuses each call.
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if item.path.is_relative_to(HERE):
            item.add_marker("browser")


def chromium_path() -> str:
    found = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(found).exists():
        pytest.fail(
            "Chromium is missing: ./scripts/bootstrap.sh installs it on Debian as root "
            "(apt-get install chromium); elsewhere install it and set CHROMIUM_PATH, or run "
            "./test.sh -m 'not browser'"
        )
    return found


@pytest.fixture(scope="session")
def screenshots() -> Iterator[Path]:
    configured = os.environ.get("CONSOLE_SCREENSHOTS_DIR")
    if configured:
        path = Path(configured)
        path.mkdir(parents=True, exist_ok=True)
        yield path
        return
    with server_reachable_dir("tiktok-channel-shots-") as path:
        yield path


@pytest.fixture
async def stack() -> AsyncIterator[Stack]:
    with server_reachable_dir() as data:
        async with _stack(
            data,
            lambda _: None,
            backend="memory",
            auto_approve=False,
            loops=("tokens", "events", "status"),
        ) as live:
            yield live


@pytest.fixture
async def api_key(stack: Stack) -> str:
    issued = await stack.container.issue_api_key()(organisation_id=ORG, name="marketing team")
    return issued.token.reveal()


@pytest.fixture
async def chromium() -> AsyncIterator[Browser]:
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=chromium_path(), args=FLAGS)
        yield browser
        await browser.close()


@pytest.fixture
async def context(chromium: Browser, stack: Stack) -> AsyncIterator[BrowserContext]:
    context = await chromium.new_context(
        base_url=stack.api, viewport={"width": 1280, "height": 900}
    )
    context.set_default_timeout(15_000)
    yield context
    await context.close()


async def sign_in(page: Page, key: str) -> None:
    await page.goto("/console/sign-in")
    await page.get_by_label("API key").fill(key)
    await page.get_by_role("button", name="Sign in").click()
    await page.wait_for_url("**/console/channels")


@pytest.fixture
async def page(context: BrowserContext, api_key: str) -> Page:
    """A page signed in as the organisation's marketer."""
    page = await context.new_page()
    await sign_in(page, api_key)
    return page


async def connect_channel(page: Page) -> str:
    """Connect TikTok through the sandbox's consent page; the channel page's path."""
    await page.goto("/console/channels")
    await page.get_by_role("button", name="Connect TikTok").click()
    await page.get_by_role("button", name="Authorize").click()
    await page.wait_for_url("**/console/channels/*")
    return page.url


Shot = Callable[[Page, str], Awaitable[Path]]


@pytest.fixture
def shot(screenshots: Path) -> Shot:
    """``await shot(page, "channels")`` writes ``channels.png`` (the whole page)."""

    async def take(page: Page, name: str) -> Path:
        path = screenshots / f"{name}.png"
        await page.screenshot(path=str(path), full_page=True)
        return path

    return take
