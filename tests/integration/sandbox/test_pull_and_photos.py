"""PULL_FROM_URL videos and photo posts: ownership, downloads, cancel, photo rules."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from tests.integration.sandbox.harness import Tik, WebhookSink, sha256

INIT = "/v2/post/publish/video/init/"
PHOTO = "/v2/post/publish/content/init/"


def pull_body(url: str, privacy: str = "SELF_ONLY") -> dict[str, object]:
    return {
        "post_info": {"privacy_level": privacy, "title": "Pulled"},
        "source_info": {"source": "PULL_FROM_URL", "video_url": url},
    }


def photo_body(
    urls: list[str], mode: str = "DIRECT_POST", **post_info: object
) -> dict[str, object]:
    return {
        "media_type": "PHOTO",
        "post_mode": mode,
        "post_info": {
            "title": "Carousel",
            "description": "Two #photos",
            "privacy_level": "PUBLIC_TO_EVERYONE",
            **post_info,
        },
        "source_info": {"source": "PULL_FROM_URL", "photo_images": urls, "photo_cover_index": 0},
    }


async def test_a_verified_url_is_downloaded_and_posted(
    tik: Tik, media_server: str, media: dict[str, Path]
) -> None:
    token = (await tik.login())["access_token"]
    init = await tik.api("POST", INIT, token, pull_body(f"{media_server}/media/good.mp4"))
    assert init.code == "ok" and init.data["publish_id"].startswith("v_pub_url~v2.")
    assert "upload_url" not in init.data
    await tik.settle()
    status = await tik.status(token, init.data["publish_id"])
    assert status.data["status"] == "PUBLISH_COMPLETE"
    assert status.data["downloaded_bytes"] == media["good"].stat().st_size
    (post,) = (await tik.control("GET", "/posts")).body
    assert post["media_sha256"] == [sha256(media["good"].read_bytes())]


@pytest.mark.parametrize("url", ["{base}/elsewhere/good.mp4", "https://cdn.example.com/v.mp4"])
async def test_unverified_urls_are_refused(tik: Tik, media_server: str, url: str) -> None:
    token = (await tik.login())["access_token"]
    reply = await tik.api("POST", INIT, token, pull_body(url.format(base=media_server)))
    assert (reply.status, reply.code) == (403, "url_ownership_unverified")


async def test_domain_properties_cover_subdomains(tik: Tik) -> None:
    tik.settings.verified_prefixes = ("static.example.com",)
    token = (await tik.login())["access_token"]
    ok = await tik.api("POST", INIT, token, pull_body("https://video.static.example.com/a.mp4"))
    other = await tik.api("POST", INIT, token, pull_body("https://example.com/a.mp4"))
    assert ok.code == "ok" and other.code == "url_ownership_unverified"


async def test_plain_http_to_other_hosts_is_invalid(tik: Tik) -> None:
    token = (await tik.login())["access_token"]
    reply = await tik.api("POST", INIT, token, pull_body("http://cdn.example.com/v.mp4"))
    assert reply.code == "invalid_param" and "https" in reply.body["error"]["message"]


@pytest.mark.parametrize("path", ["/redirect/good.mp4", "/media/missing.mp4"])
async def test_redirects_and_missing_files_fail_the_pull(
    tik: Tik, media_server: str, path: str
) -> None:
    token = (await tik.login())["access_token"]
    init = await tik.api("POST", INIT, token, pull_body(f"{media_server}{path}"))
    await tik.settle()
    status = await tik.status(token, init.data["publish_id"])
    assert status.data["status"] == "FAILED" and status.data["fail_reason"] == "video_pull_failed"


async def test_a_slow_download_can_be_cancelled(
    tik: Tik, media_server: str, webhooks: WebhookSink
) -> None:
    token = (await tik.login())["access_token"]
    init = await tik.api("POST", INIT, token, pull_body(f"{media_server}/slow.mp4"))
    publish_id = init.data["publish_id"]
    await asyncio.sleep(0.2)
    downloading = await tik.status(token, publish_id)
    assert downloading.data["status"] == "PROCESSING_DOWNLOAD"
    assert downloading.data["downloaded_bytes"] > 0
    cancel = await tik.api("POST", "/v2/post/publish/cancel/", token, {"publish_id": publish_id})
    assert cancel.code == "ok"
    status = await tik.status(token, publish_id)
    assert status.data["fail_reason"] == "publish_cancelled"
    await webhooks.wait_for("post.publish.failed")
    again = await tik.api("POST", "/v2/post/publish/cancel/", token, {"publish_id": publish_id})
    assert (again.status, again.code) == (400, "publish_not_cancellable")


async def test_a_photo_carousel_is_posted(
    tik: Tik, media_server: str, media: dict[str, Path]
) -> None:
    token = (await tik.login())["access_token"]
    urls = [f"{media_server}/media/a.jpg", f"{media_server}/media/b.jpg"]
    init = await tik.api("POST", PHOTO, token, photo_body(urls))
    assert init.code == "ok" and init.data["publish_id"].startswith("p_pub_url~v2.")
    await tik.settle()
    assert (await tik.status(token, init.data["publish_id"])).data["status"] == "PUBLISH_COMPLETE"
    (post,) = (await tik.control("GET", "/posts")).body
    assert post["is_photo"] and post["media_sha256"] == [
        sha256(media["jpg"].read_bytes()),
        sha256(media["jpg2"].read_bytes()),
    ]


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("c.png", "file_format_check_failed"),
        ("huge.jpg", "picture_size_check_failed"),
        ("missing.jpg", "photo_pull_failed"),
    ],
)
async def test_bad_photos_fail_processing(
    tik: Tik, media_server: str, name: str, reason: str
) -> None:
    token = (await tik.login())["access_token"]
    init = await tik.api("POST", PHOTO, token, photo_body([f"{media_server}/media/{name}"]))
    await tik.settle()
    status = await tik.status(token, init.data["publish_id"])
    assert (status.data["status"], status.data["fail_reason"]) == ("FAILED", reason)


@pytest.mark.parametrize(
    ("change", "needle"),
    [
        ({"media_type": "VIDEO"}, "media_type"),
        ({"post_mode": "DIRECT POST"}, "post_mode"),
        ({"source_info": {"source": "FILE_UPLOAD"}}, "PULL_FROM_URL"),
        (
            {
                "source_info": {
                    "source": "PULL_FROM_URL",
                    "photo_images": [],
                    "photo_cover_index": 0,
                }
            },
            "1 to 35",
        ),
        (
            {
                "source_info": {
                    "source": "PULL_FROM_URL",
                    "photo_images": ["{u}"] * 36,
                    "photo_cover_index": 0,
                }
            },
            "1 to 35",
        ),
        (
            {
                "source_info": {
                    "source": "PULL_FROM_URL",
                    "photo_images": ["{u}"],
                    "photo_cover_index": 1,
                }
            },
            "photo_cover_index",
        ),
        ({"post_info": {"title": "t" * 91}}, "post_info.title"),
        ({"post_info": {"description": "d" * 4001}}, "post_info.description"),
    ],
)
async def test_photo_init_is_validated(
    tik: Tik, media_server: str, change: dict[str, object], needle: str
) -> None:
    token = (await tik.login())["access_token"]
    url = f"{media_server}/media/a.jpg"
    body = photo_body([url]) | change
    source = body["source_info"]
    if isinstance(source, dict) and "photo_images" in source:
        source["photo_images"] = [u.format(u=url) for u in source["photo_images"]]
    reply = await tik.api("POST", PHOTO, token, body)
    assert (reply.status, reply.code) == (400, "invalid_param")
    assert needle in reply.body["error"]["message"]


async def test_media_upload_needs_a_recent_app_and_goes_to_the_inbox(
    tik: Tik, media_server: str, webhooks: WebhookSink
) -> None:
    url = f"{media_server}/media/a.jpg"
    old = (await tik.login("old_app"))["access_token"]
    refused = await tik.api("POST", PHOTO, old, photo_body([url], mode="MEDIA_UPLOAD"))
    assert (refused.status, refused.code) == (400, "app_version_check_failed")
    token = (await tik.login())["access_token"]
    init = await tik.api("POST", PHOTO, token, photo_body([url], mode="MEDIA_UPLOAD"))
    await tik.settle()
    assert (await tik.status(token, init.data["publish_id"])).data["status"] == "SEND_TO_USER_INBOX"
    assert (
        "post.publish.inbox_delivered",
        {"publish_id": init.data["publish_id"], "publish_type": "INBOX_SHARE"},
    ) in webhooks.events()


async def test_photo_modes_need_their_scopes(tik: Tik, media_server: str) -> None:
    token = (await tik.login(scopes="user.info.basic,video.upload"))["access_token"]
    reply = await tik.api("POST", PHOTO, token, photo_body([f"{media_server}/media/a.jpg"]))
    assert (reply.status, reply.code) == (401, "scope_not_authorized")
