"""Manual publish assist: Copy Caption, Download Assets, Open TikTok, and Mark as published
with the TikTok URL (its rules' messages on the page)."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from tests.e2e.api_world import Api
from tests.e2e.console import posts_world as pw
from tests.e2e.console.pages import Browser


@pytest.fixture
async def api() -> AsyncIterator[Api]:
    api = await Api.start()
    yield api
    await api.close()


async def test_the_kit_and_mark_as_published(api: Api) -> None:
    channel = await api.connect()
    post_id = await pw.manual(api, channel["id"], "By hand #diy #team")
    browser = Browser(api)
    await browser.sign_in()
    post = await browser.get(f"/console/posts/{post_id}")
    assert f'href="/console/posts/{post_id}/manual"' in post and 'id="schedule"' not in post
    page = await browser.get(f"/console/posts/{post_id}/manual")
    assert '<pre class="caption" id="kit-caption"' in page and "By hand #diy #team" in page
    assert 'data-copy="kit-caption"' in page and "Copy Caption" in page
    assert 'download="clip.mp4"' in page and "Download" in page
    assert 'href="https://www.tiktok.com/upload"' in page and "Open TikTok" in page
    for bad in ("https://example.com/@brand/video/1", "https://www.tiktok.com/@someone/video/123"):
        answer = await browser.post(f"/console/posts/{post_id}/manual", {"url": bad})
        shown = await answer.text()
        assert answer.status == 422 and 'role="alert"' in shown and bad in shown, bad
    assert (await pw.show(api, post_id))["status"] == "manual_pending"
    url = "https://www.tiktok.com/@brand/video/7300000000000000009"
    answer = await browser.post(f"/console/posts/{post_id}/manual", {"url": url})
    assert answer.status == 303 and answer.headers["Location"] == f"/console/posts/{post_id}"
    page = await browser.get(answer.headers["Location"])
    assert "Marked as published" in page and f'href="{url}"' in page
    assert (await pw.show(api, post_id))["status"] == "published"
    again = await browser.get(f"/console/posts/{post_id}/manual")
    assert "Copy Caption" not in again and "published" in again


async def test_another_organisations_kit_is_not_found(api: Api) -> None:
    other = await api.as_org("org-b")
    theirs = await pw.manual(other, (await other.connect("open-3", "theirs"))["id"])
    browser = Browser(api)
    await browser.sign_in()
    await browser.get(f"/console/posts/{theirs}/manual", expect=404)
    url = "https://www.tiktok.com/@theirs/video/7300000000000000009"
    assert (await browser.post(f"/console/posts/{theirs}/manual", {"url": url})).status == 404
    assert (await pw.show(other, theirs))["status"] == "manual_pending"
