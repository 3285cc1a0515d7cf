"""The composer in the console: TikTok's Direct Post UX rules on the page, the upload
endpoint's rules, and forms that come back with their messages and nothing lost."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from datetime import timedelta
from typing import Any

import attrs
import pytest

from adapters.memory.tiktok import default_creator
from tests.e2e.api_world import Api
from tests.e2e.console.pages import Browser
from tests.unit.application.world import GOOD_VIDEO


@pytest.fixture
async def api() -> AsyncIterator[Api]:
    api = await Api.start()
    yield api
    await api.close()


async def _signed_in(api: Api, *, private: bool = False) -> tuple[Browser, dict[str, Any]]:
    api.world.tiktok.add_account(
        "open-1", username="brand", creator=default_creator("brand", private=private)
    )
    channel = await api.connect()
    browser = Browser(api)
    await browser.sign_in()
    return browser, channel


async def _upload(
    browser: Browser, name: str = "clip.mp4", kind: str = "video/mp4", **kw: Any
) -> Any:
    headers = {
        "Content-Type": kind,
        **({"X-CSRF-Token": browser.csrf} if kw.get("csrf", True) else {}),
    }
    async with browser.api.client.post(
        "/console/media", params={"name": name}, data=b"\x00" * 4096, headers=headers
    ) as answer:
        body = (
            await answer.json(content_type=None)
            if answer.content_type == "application/json"
            else await answer.text()
        )
        return answer.status, body


def _form(channel_id: str, key: str, **changes: Any) -> dict[str, Any]:
    return {
        "channel_id": channel_id,
        "kind": "video",
        "caption": "Launch day #new",
        "video_key": key,
        "privacy_level": "PUBLIC_TO_EVERYONE",
        "publish_method": "direct_post",
        "allow_duet": "on",
        "next": "draft",
        **changes,
    }


def _later(api: Api, **delta: float) -> str:
    """A datetime-local value in the channel's zone (UTC here)."""
    return (api.world.clock.now() + timedelta(**delta)).strftime("%Y-%m-%dT%H:%M")


async def _posts(api: Api) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = (await api.call("GET", "/v1/posts", expect=200))["items"]
    return items


async def test_the_composer_follows_tiktoks_direct_post_rules(api: Api) -> None:
    browser, channel = await _signed_in(api, private=True)
    page = await browser.get(f"/console/posts/new?channel_id={channel['id']}")
    assert "Posting to TikTok as" in page and ">Brand</strong>" in page  # the nickname
    select = re.search(r'<select id="privacy".*?</select>', page, re.S).group(0)  # type: ignore[union-attr]
    assert "required" in select and "FOLLOWER_OF_CREATOR" in select
    assert "PUBLIC_TO_EVERYONE" not in select  # only the creator's options
    assert select.count(" selected") == 1 and 'value="" selected disabled' in select  # no default
    assert re.search(r'name="allow_duet"[^>]* disabled', page)  # private: duet and stitch off
    assert re.search(r'name="allow_stitch"[^>]* disabled', page)
    assert not re.search(r'name="allow_comment"[^>]*(checked|disabled)', page)  # unchecked
    assert 'data-max-duration="600"' in page and "up to 600 seconds" in page
    assert "Music Usage Confirmation" in page and "AI-generated content" in page
    assert "Your brand" in page and "Branded content" in page
    assert "composer.js" in page and "<script>" not in page  # no inline script (CSP)


async def test_uploads_follow_the_apis_rules(api: Api) -> None:
    browser, channel = await _signed_in(api)
    await browser.get(f"/console/posts/new?channel_id={channel['id']}")
    status, body = await _upload(browser)
    assert status == 201 and body["key"].startswith(f"orgs/{api.org}/") and body["size"] == 4096
    assert api.world.storage.objects  # stored through the use-case
    status, body = await _upload(browser, "bad name.mp4")
    assert status == 422 and "plain file name" in body["message"]
    status, body = await _upload(browser, "clip.png", "image/png")
    assert status == 415 and "Content-Type" in body["message"]
    status, body = await _upload(browser, csrf=False)
    assert status == 403


async def test_a_draft_with_its_settings(api: Api) -> None:
    browser, channel = await _signed_in(api)
    await browser.get(f"/console/posts/new?channel_id={channel['id']}")
    _, body = await _upload(browser)
    form = _form(channel["id"], body["key"], is_aigc="on", disclose="on", your_brand="on")
    answer = await browser.post("/console/posts/new", form)
    assert answer.status == 303 and answer.headers["Location"].startswith("/console/posts/")
    [post] = await _posts(api)
    assert post["status"] == "draft" and post["content"]["caption"] == "Launch day #new"
    settings = post["settings"]
    assert settings["privacy_level"] == "PUBLIC_TO_EVERYONE" and settings["is_aigc"]
    assert settings["disable_comment"] and not settings["disable_duet"]  # as ticked
    assert settings["disable_stitch"] and settings["brand_organic_toggle"]
    assert not settings["brand_content_toggle"]
    assert post["media"]["video_key"] == body["key"]


async def test_missing_privacy_comes_back_with_everything_kept(api: Api) -> None:
    browser, channel = await _signed_in(api)
    await browser.get(f"/console/posts/new?channel_id={channel['id']}")
    _, body = await _upload(browser)
    form = _form(
        channel["id"], body["key"], privacy_level="", caption="Keep me #kept", disclose="on"
    )
    answer = await browser.post("/console/posts/new", form)
    page = await answer.text()
    assert answer.status == 422
    assert "choose who can view this post" in page and 'id="err-privacy_level"' in page
    assert "Keep me #kept" in page and body["key"] in page  # nothing lost
    assert "indicate if your content promotes yourself" in page  # disclosure without a choice
    assert await _posts(api) == []  # nothing created


async def test_branded_content_cannot_be_private(api: Api) -> None:
    browser, channel = await _signed_in(api)
    await browser.get(f"/console/posts/new?channel_id={channel['id']}")
    _, body = await _upload(browser)
    form = _form(channel["id"], body["key"], privacy_level="SELF_ONLY", disclose="on", branded="on")
    answer = await browser.post("/console/posts/new", form)
    page = await answer.text()
    assert (
        answer.status == 422 and "cannot be SELF_ONLY" in page and 'id="err-privacy_level"' in page
    )
    assert "Paid partnership" in page and await _posts(api) == []


async def test_a_schedule_time_in_the_past_or_missing_is_refused(api: Api) -> None:
    browser, channel = await _signed_in(api)
    await browser.get(f"/console/posts/new?channel_id={channel['id']}")
    _, body = await _upload(browser)
    for at, told in (
        (_later(api, minutes=-5), "must be in the future"),
        ("", "give a date"),
        ("soon", "is not a date"),
    ):
        answer = await browser.post(
            "/console/posts/new", _form(channel["id"], body["key"], next="schedule", at=at)
        )
        page = await answer.text()
        assert answer.status == 422 and told in page and 'id="err-at"' in page, at
    assert await _posts(api) == []


async def test_approve_and_schedule_in_the_channels_time_zone(api: Api) -> None:
    browser, channel = await _signed_in(api)
    await api.call("PUT", f"/v1/channels/{channel['id']}/time-zone", {"time_zone": "Europe/Paris"})
    await browser.get(f"/console/posts/new?channel_id={channel['id']}")
    _, body = await _upload(browser)
    api.world.probe.videos[body["key"]] = GOOD_VIDEO
    paris = (api.world.clock.now() + timedelta(hours=3)).astimezone(
        __import__("zoneinfo").ZoneInfo("Europe/Paris")
    )
    form = _form(channel["id"], body["key"], next="schedule", at=paris.strftime("%Y-%m-%dT%H:%M"))
    answer = await browser.post("/console/posts/new", form)
    assert answer.status == 303, await answer.text()
    [post] = await _posts(api)
    assert post["status"] == "scheduled" and post["approved_by"] == "console: tests"
    expected = (api.world.clock.now() + timedelta(hours=3)).replace(second=0, microsecond=0)
    assert post["scheduled_at"] == expected.isoformat()
    assert "Scheduled for" in await browser.get(answer.headers["Location"])


async def test_a_video_too_long_for_the_creator_is_refused_by_the_server_too(api: Api) -> None:
    browser, channel = await _signed_in(api)
    await browser.get(f"/console/posts/new?channel_id={channel['id']}")
    _, long = await _upload(browser, "long.mp4")
    api.world.probe.videos[long["key"]] = attrs.evolve(GOOD_VIDEO, duration_s=900.0)
    form = _form(channel["id"], long["key"], next="schedule", at=_later(api, hours=2))
    answer = await browser.post("/console/posts/new", form)
    page = await answer.text()
    assert answer.status == 422 and "duration" in page and "saved as a draft" in page
    [draft] = await _posts(api)
    assert f'name="post_id" value="{draft["id"]}"' in page  # sending again edits this draft
    _, good = await _upload(browser, "short.mp4")
    api.world.probe.videos[good["key"]] = GOOD_VIDEO
    form = _form(
        channel["id"], good["key"], next="schedule", at=_later(api, hours=2), post_id=draft["id"]
    )
    answer = await browser.post("/console/posts/new", form)
    assert answer.status == 303, await answer.text()
    [post] = await _posts(api)
    assert post["id"] == draft["id"] and post["status"] == "scheduled"
    assert post["media"]["video_key"] == good["key"]


async def test_a_photo_carousel(api: Api) -> None:
    browser, channel = await _signed_in(api)
    await browser.get(f"/console/posts/new?channel_id={channel['id']}")
    keys = [(await _upload(browser, f"p{i}.jpg", "image/jpeg"))[1]["key"] for i in range(2)]
    form = [
        *_form(
            channel["id"],
            "",
            kind="photo",
            caption="",
            title="Two frames",
            description="#team",
            auto_add_music="on",
        ).items(),
        *[("photo_key", k) for k in keys],
        ("csrf_token", browser.csrf),
    ]
    async with api.client.post("/console/posts/new", data=form, allow_redirects=False) as answer:
        assert answer.status == 303, await answer.text()
    [post] = await _posts(api)
    assert post["kind"] == "photo" and post["media"]["photo_keys"] == keys
    assert post["settings"]["auto_add_music"] and not post["settings"]["disable_duet"]
    missing = _form(channel["id"], "", kind="photo", title="None")
    answer = await browser.post("/console/posts/new", missing)
    assert answer.status == 422 and "upload 1 to 35 photos" in await answer.text()


async def test_another_organisations_channel_is_not_found(api: Api) -> None:
    browser, _ = await _signed_in(api)
    other = await api.as_org("org-b")
    theirs = await other.connect("open-3", "theirs")
    await browser.get(f"/console/posts/new?channel_id={theirs['id']}", expect=404)
    answer = await browser.post("/console/posts/new", _form(theirs["id"], ""))
    assert answer.status == 404
    assert await _posts(other) == []
