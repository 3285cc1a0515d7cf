"""Ads in the console, against the sandbox's Marketing API (the setup of test_http_ads):
connect with an auth code, a campaign, an ad group and an ad with their review (a
rejection with TikTok's reasons), a Spark Ad from a published post, the report with its
totals, an audience from a file of emails; bad input comes back on the form with what
was typed, another organisation's ids are not found."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import aiohttp

from tests.e2e.api_world import Api
from tests.e2e.console.pages import Browser, alerts
from tests.e2e.test_http_ads import api, auth_code  # noqa: F401  (the sandbox fixture)

Setup = tuple[Api, Any, Any]


async def _connected(setup: Setup) -> tuple[Browser, str]:
    """Signed in, the ad accounts connected through the page: the first account's page."""
    a, _, server = setup
    browser = Browser(a)
    await browser.sign_in()
    page = await browser.get("/console/ads")
    assert "No ad account is connected yet" in page and 'for="connect-auth_code"' in page
    code = await auth_code(server)  # TikTok sends the advertiser back with it filled in
    assert f'value="{code}"' in await browser.get(f"/console/ads?auth_code={code}")
    answer = await browser.post("/console/ads/connect", {"auth_code": code})
    assert answer.status == 303, await answer.text()
    listed = await browser.get(answer.headers["Location"])
    assert "Connected 2 ad account(s)" in listed and "Sandbox Brand Ads" in listed
    account = re.search(r'href="(/console/ads/accounts/[^"/]+)">Sandbox Brand Ads<', listed)
    assert account is not None
    return browser, account.group(1)


def _location(answer: aiohttp.ClientResponse) -> str:
    assert answer.status == 303, answer.status
    return answer.headers["Location"]


async def test_campaign_ad_group_and_ad_with_their_review(api: Setup) -> None:  # noqa: F811
    a, m, _ = api
    browser, account = await _connected(api)
    await browser.get(account)
    made = await browser.post(
        f"{account}/campaigns",
        {"name": "Launch week", "objective": "VIDEO_VIEWS", "budget_mode": "BUDGET_MODE_DAY",
         "budget_amount": "100.00"},
    )  # fmt: skip
    campaign = _location(made)
    page = await browser.get(campaign)
    assert "Campaign Launch week created." in page and "100.00 a day" in page
    assert 'value="VIDEO_VIEW"' in page and "New ad group" in page  # the objective's goals

    now = a.world.clock.now()
    grouped = await browser.post(
        f"{campaign}/children",
        {"name": "US adults", "budget_mode": "BUDGET_MODE_DAY", "budget_amount": "50",
         "schedule_start": now.strftime("%Y-%m-%dT%H:%M"),
         "schedule_end": (now + timedelta(days=3)).strftime("%Y-%m-%dT%H:%M"),
         "optimization_goal": "VIDEO_VIEW", "billing_event": "CPV", "pacing": "",
         "location_ids": "6252001, 6251999", "bid_price": ""},
    )  # fmt: skip
    group = _location(grouped)
    page = await browser.get(group)
    assert "Ad group US adults created." in page and "6252001, 6251999" in page

    ad_form = {"name": "Rejected one", "ad_format": "SINGLE_VIDEO", "identity_type": "TT_USER",
               "identity_id": "open-1", "tiktok_item_id": "7300000000000000001",
               "ad_text": "REJECT me", "call_to_action": "", "video_id": "",
               "landing_page_url": "", "display_name": ""}  # fmt: skip
    ad = _location(await browser.post(f"{group}/children", ad_form))
    page = await browser.get(ad)
    assert "in review" in page
    m.settings.review_delay_s = 0
    reviewed = await browser.post(f"{account}/reviews")
    assert _location(reviewed) == account
    page = await browser.get(account)
    assert "Review results checked" in page and "rejected" in page
    assert 'aria-label="Why TikTok rejected it"' in page  # TikTok's reasons, listed
    tree = await browser.get(account)
    assert tree.index("Launch week") < tree.index("US adults") < tree.index("Rejected one")

    paused = await browser.post(f"{ad}/pause")
    assert _location(paused) == ad
    page = await browser.get(ad)
    assert "Rejected one paused." in page and "Launch" in page


async def test_bad_input_comes_back_on_the_form_with_what_was_typed(api: Setup) -> None:  # noqa: F811
    browser, account = await _connected(api)
    await browser.get(account)
    low = await browser.post(
        f"{account}/campaigns",
        {"name": "Too small", "objective": "REACH", "budget_mode": "BUDGET_MODE_DAY",
         "budget_amount": "5"},
    )  # fmt: skip
    page = await low.text()
    assert low.status == 422 and "Nothing was saved" in page
    assert 'id="campaign-budget_amount-error"' in page and "minimum of 50" in page
    assert 'value="Too small"' in page and 'value="5"' in page
    assert '<option value="REACH" selected>' in page

    fame = await browser.post(
        f"{account}/campaigns",
        {"name": "", "objective": "FAME", "budget_mode": "BUDGET_MODE_INFINITE",
         "budget_amount": ""},
    )  # fmt: skip
    page = await fame.text()
    assert (
        fame.status == 422 and "is not one of" in page and 'id="campaign-objective-error"' in page
    )

    campaign = _location(await browser.post(
        f"{account}/campaigns",
        {"name": "Fine", "objective": "TRAFFIC", "budget_mode": "BUDGET_MODE_INFINITE",
         "budget_amount": ""},
    ))  # fmt: skip
    await browser.get(campaign)
    bad_group = await browser.post(
        f"{campaign}/children",
        {"name": "Wrong goal", "budget_mode": "BUDGET_MODE_DAY", "budget_amount": "30",
         "schedule_start": "not a time", "optimization_goal": "REACH", "billing_event": "CPC",
         "location_ids": ""},
    )  # fmt: skip
    page = await bad_group.text()
    assert bad_group.status == 422 and 'id="child-schedule_start-error"' in page
    assert 'value="Wrong goal"' in page and 'value="not a time"' in page

    spark = await browser.post(
        f"{account}/promote", {"post_id": "nope", "daily_budget": "30", "days": "many"}
    )
    assert spark.status in (404, 422)
    await browser.get("/console/ads")
    wrong = await browser.post("/console/ads/connect", {"auth_code": "used-or-wrong"})
    page = await wrong.text()
    assert wrong.status == 422 and "TikTok refused it" in page and 'value="used-or-wrong"' in page
    empty = await browser.post("/console/ads/connect", {"auth_code": "  "})
    assert empty.status == 422 and "paste the auth code" in await empty.text()
    assert not alerts(await browser.get(account))  # nothing was left half-made


async def test_a_spark_ad_from_a_published_post_and_its_report(api: Setup) -> None:  # noqa: F811
    a, m, _ = api
    channel = await a.connect()
    created = await a.call(
        "POST", "/v1/posts",
        {"channel_id": channel["id"], "kind": "video", "caption": "Our launch film",
         "settings": {"privacy_level": "SELF_ONLY", "publish_method": "manual"}},
        expect=201,
    )  # fmt: skip
    pid = created["post"]["id"]
    await a.call("POST", f"/v1/posts/{pid}/approve", {"approved_by": "c"}, expect=200)
    await a.call("POST", f"/v1/posts/{pid}/publish-now", expect=202)
    await a.call("POST", f"/v1/posts/{pid}/mark-published",
                 {"url": "https://www.tiktok.com/@brand/video/7307659872391589894"}, expect=200)  # fmt: skip
    browser, account = await _connected(api)
    page = await browser.get(account)
    assert "Our launch film (TikTok 7307659872391589894)" in page
    m.settings.review_delay_s = 0
    days = await browser.post(
        f"{account}/promote",
        {"post_id": pid, "daily_budget": "30", "days": "0", "location_ids": "6252001"},
    )
    assert days.status == 422 and "1 to 365 days" in await days.text()
    promoted = await browser.post(
        f"{account}/promote",
        {"post_id": pid, "daily_budget": "30", "days": "7", "location_ids": "6252001",
         "ad_text": ""},
    )  # fmt: skip
    ad = _location(promoted)
    page = await browser.get(ad)
    assert "Spark Ad created for TikTok post 7307659872391589894" in page
    assert 'href="/console/posts/' + pid + '"' in page

    day = a.world.clock.now().date().isoformat()
    synced = await browser.post(f"{account}/reports/sync", {"day": day})
    report = await browser.get(_location(synced))
    assert f"Synced {day} from TikTok" in report and f"Promote {pid}" in report
    assert '<tfoot><tr><th scope="row">Total</th>' in report
    await browser.get(f"{account}/reports")
    bad = await browser.post(f"{account}/reports/sync", {"day": "yesterday"})
    assert bad.status == 422 and 'id="sync-day-error"' in await bad.text()
    backwards = await browser.get(f"{account}/reports?start={day}&end=2000-01-01", expect=422)
    assert 'id="range-start-error"' in backwards and 'value="2000-01-01"' in backwards


async def test_an_audience_file_is_hashed_and_only_counts_are_shown(api: Setup) -> None:  # noqa: F811
    a, m, _ = api
    browser, account = await _connected(api)
    await browser.get(f"{account}/audiences")
    emails = [f"user{i}@example.com" for i in range(40)]
    csv = ("email\n" + "\n".join(emails) + "\nnot-an-email\n").encode()

    async def upload(
        name: str, content: bytes | None, kind: str = "email"
    ) -> aiohttp.ClientResponse:
        data = aiohttp.FormData()
        data.add_field("csrf_token", browser.csrf)
        data.add_field("name", name)
        data.add_field("kind", kind)
        if content is not None:
            data.add_field("file", content, filename="list.csv", content_type="text/csv")
        answer = await a.client.post(f"{account}/audiences", data=data, allow_redirects=False)
        await answer.read()
        return answer

    made = await upload("Newsletter", csv)
    page = await browser.get(_location(made))
    assert "Audience Newsletter: 40 identifiers hashed and sent, 1 line(s)" in page
    assert "user1@example.com" not in page and m.state.unhashed_lines_seen == 0
    for missing in (await upload("No file", None), await upload("", csv),
                    await upload("Odd", csv, kind="fax")):  # fmt: skip
        assert missing.status == 422
    none_read = await upload("Nothing readable", b"\n\n")
    page = await none_read.text()
    assert none_read.status == 422 and 'id="upload-file-error"' in page
    assert 'value="Nothing readable"' in page
    audience = re.search(r'action="(/console/ads/audiences/[^"]+/delete)"', page)
    assert audience is not None
    gone = await browser.post(audience.group(1))
    assert "Audience Newsletter deleted." in await browser.get(_location(gone))


async def test_another_organisations_ids_are_not_found(api: Setup) -> None:  # noqa: F811
    a, _, _ = api
    browser, account = await _connected(api)
    await browser.get(account)
    campaign = _location(await browser.post(
        f"{account}/campaigns",
        {"name": "Ours", "objective": "REACH", "budget_mode": "BUDGET_MODE_INFINITE",
         "budget_amount": ""},
    ))  # fmt: skip
    other = Browser(await a.as_org("org-b"))
    await other.sign_in()
    for path in (account, f"{account}/reports", f"{account}/audiences", campaign):
        await other.get(path, expect=404)
    assert "No ad account is connected yet" in await other.get("/console/ads")
    for path, form in ((f"{account}/campaigns", {"name": "x", "objective": "REACH"}),
                       (f"{campaign}/pause", {}), (f"{account}/revoke", {}),
                       (f"{campaign}/children", {"name": "x"})):  # fmt: skip
        assert (await other.post(path, form)).status == 404
    await browser.sign_in()  # the two share the test client's cookie jar
    assert "Ours" in await browser.get(account)
