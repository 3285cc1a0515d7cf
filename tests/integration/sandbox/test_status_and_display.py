"""Status fetch ownership, and the Display API's listing, paging and growing counts."""

from __future__ import annotations

from datetime import timedelta

from tests.integration.sandbox.harness import Tik, file_init_body

FIELDS = "id,create_time,title,video_description,view_count,like_count,share_url,duration"


async def test_status_of_an_unknown_or_foreign_publish_id(tik: Tik) -> None:
    mine = (await tik.login())["access_token"]
    theirs = (await tik.login("sandbox_private"))["access_token"]
    init = await tik.api(
        "POST", "/v2/post/publish/video/init/", mine, file_init_body(10_000_000, 10_000_000, 1)
    )
    unknown = await tik.status(mine, "v_pub_file~v2-1.1")
    foreign = await tik.status(theirs, init.data["publish_id"])
    assert (unknown.status, unknown.code) == (400, "invalid_publish_id")
    assert (foreign.status, foreign.code) == (400, "token_not_authorized_for_specified_publish_id")


async def test_thirty_status_fetches_a_minute(tik: Tik) -> None:
    token = (await tik.login())["access_token"]
    init = await tik.api(
        "POST", "/v2/post/publish/video/init/", token, file_init_body(10_000_000, 10_000_000, 1)
    )
    codes = [(await tik.status(token, init.data["publish_id"])).code for _ in range(31)]
    assert codes.count("ok") == 30 and codes[-1] == "rate_limit_exceeded"


async def test_video_list_pages_newest_first_by_millisecond_cursor(tik: Tik) -> None:
    token = (await tik.login())["access_token"]
    seen: list[dict[str, object]] = []
    cursor = None
    for _ in range(5):
        body = {"max_count": 10} | ({"cursor": cursor} if cursor else {})
        page = await tik.api("POST", "/v2/video/list/", token, body, params={"fields": FIELDS})
        assert page.code == "ok", page.body
        seen += page.data["videos"]
        cursor = page.data["cursor"]
        if not page.data["has_more"]:
            break
    assert len(seen) == 24 and len({v["id"] for v in seen}) == 24
    times = [v["create_time"] for v in seen]
    assert times == sorted(times, reverse=True)
    assert all(len(str(v["video_description"])) <= 150 for v in seen)
    assert "utm_campaign=tt4d_open_api" in str(seen[0]["share_url"])
    assert set(seen[0]) == set(FIELDS.split(","))


async def test_video_list_limits(tik: Tik) -> None:
    token = (await tik.login())["access_token"]
    too_many = await tik.api(
        "POST", "/v2/video/list/", token, {"max_count": 21}, params={"fields": "id"}
    )
    no_fields = await tik.api("POST", "/v2/video/list/", token, {})
    no_scope = (await tik.login(scopes="user.info.basic"))["access_token"]
    refused = await tik.api("POST", "/v2/video/list/", no_scope, {}, params={"fields": "id"})
    assert too_many.code == no_fields.code == "invalid_params"
    assert (refused.status, refused.code) == (401, "scope_not_authorized")


async def test_video_query_returns_only_owned_videos_with_growing_counts(tik: Tik) -> None:
    token = (await tik.login())["access_token"]
    listed = await tik.api(
        "POST", "/v2/video/list/", token, {"max_count": 3}, params={"fields": "id"}
    )
    ids = [v["id"] for v in listed.data["videos"]]
    other = (await tik.login("sandbox_private"))["access_token"]
    foreign = await tik.api(
        "POST", "/v2/video/query/", other, {"filters": {"video_ids": ids}}, params={"fields": "id"}
    )
    assert foreign.data["videos"] == []
    before = await tik.api(
        "POST",
        "/v2/video/query/",
        token,
        {"filters": {"video_ids": ids}},
        params={"fields": "id,view_count,like_count"},
    )
    tik.clock.advance(timedelta(days=3))
    token = (await tik.login())["access_token"]
    after = await tik.api(
        "POST",
        "/v2/video/query/",
        token,
        {"filters": {"video_ids": ids}},
        params={"fields": "id,view_count,like_count"},
    )
    views = {v["id"]: v["view_count"] for v in before.data["videos"]}
    assert sorted(views) == sorted(ids)
    assert all(v["view_count"] >= views[v["id"]] for v in after.data["videos"])
    assert any(v["view_count"] > views[v["id"]] for v in after.data["videos"])
    too_many = await tik.api(
        "POST",
        "/v2/video/query/",
        token,
        {"filters": {"video_ids": [str(i) for i in range(21)]}},
        params={"fields": "id"},
    )
    assert too_many.code == "invalid_params"


async def test_counts_are_deterministic_from_the_seed(tik: Tik) -> None:
    token = (await tik.login())["access_token"]
    first = await tik.api("POST", "/v2/video/list/", token, {}, params={"fields": "id,view_count"})
    again = await tik.api("POST", "/v2/video/list/", token, {}, params={"fields": "id,view_count"})
    assert first.data["videos"] == again.data["videos"]
