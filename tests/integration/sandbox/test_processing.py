"""Processing probes the real media and fails with TikTok's documented fail_reason."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.integration.sandbox.harness import Tik, WebhookSink, file_init_body

INIT = "/v2/post/publish/video/init/"


async def publish_file(tik: Tik, token: str, path: Path, privacy: str = "SELF_ONLY") -> str:
    payload = path.read_bytes()
    init = await tik.api(
        "POST", INIT, token, file_init_body(len(payload), len(payload), 1, privacy=privacy)
    )
    assert init.code == "ok", init.body
    assert await tik.upload_file(init.data["upload_url"], payload, len(payload), 1) == [201]
    await tik.settle()
    return str(init.data["publish_id"])


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("low_fps", "frame_rate_check_failed"),
        ("tiny", "picture_size_check_failed"),
        ("corrupt", "file_format_check_failed"),
    ],
)
async def test_media_that_breaks_the_rules_fails(
    tik: Tik, media: dict[str, Path], webhooks: WebhookSink, name: str, reason: str
) -> None:
    token = (await tik.login())["access_token"]
    publish_id = await publish_file(tik, token, media[name])
    status = await tik.status(token, publish_id)
    assert status.data["status"] == "FAILED" and status.data["fail_reason"] == reason
    assert (
        "post.publish.failed",
        {"publish_id": publish_id, "publish_type": "DIRECT_PUBLISH", "reason": reason},
    ) in webhooks.events()
    assert (await tik.control("GET", "/posts")).body == []


async def test_a_video_longer_than_the_creators_limit_fails(
    tik: Tik, media: dict[str, Path]
) -> None:
    token = (await tik.login("short_limit"))["access_token"]
    publish_id = await publish_file(tik, token, media["good"])
    status = await tik.status(token, publish_id)
    assert status.data["fail_reason"] == "duration_check_failed"


async def test_a_creator_set_to_fail_gets_that_reason(tik: Tik, media: dict[str, Path]) -> None:
    token = (await tik.login("spammy"))["access_token"]
    publish_id = await publish_file(tik, token, media["good"])
    assert (await tik.status(token, publish_id)).data["fail_reason"] == "spam_risk_text"


async def test_a_good_video_posts_with_its_real_duration(tik: Tik, media: dict[str, Path]) -> None:
    token = (await tik.login())["access_token"]
    await publish_file(tik, token, media["good"], privacy="PUBLIC_TO_EVERYONE")
    (post,) = (await tik.control("GET", "/posts")).body
    assert post["duration"] == 2 and post["caption"] == "Hello #sandbox"
