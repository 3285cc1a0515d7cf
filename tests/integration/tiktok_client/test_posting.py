"""Every init kind, streamed multi-chunk uploads with failures, status, cancel, photos."""

from __future__ import annotations

import asyncio
import hashlib
from functools import partial
from pathlib import Path

import attrs
import pytest

from adapters.memory.object_storage import MemoryObjectStorage
from adapters.tiktok.client import TikTokHttpClient
from application.errors import TikTokApiError
from application.ports.tiktok import VideoSourceSpec
from domain.chunk_plan import plan_chunks
from domain.post_content import (
    PostSettings,
    PrivacyLevel,
    PublishMethod,
    VideoMedia,
    VideoSource,
)
from domain.publish_status import TikTokPublishStatus
from domain.secret import Secret
from domain.social_post import SocialPost
from tests.builders import photo_post, video_post
from tests.integration.sandbox.harness import Tik
from tests.integration.tiktok_client.conftest import connect

PUBLIC = PostSettings(
    privacy_level=PrivacyLevel.PUBLIC_TO_EVERYONE, disable_comment=True, is_aigc=True
)
CHUNK = 6_000_000


def post_for(key: str, settings: PostSettings = PUBLIC) -> SocialPost:
    return video_post(media=VideoMedia(key), settings=settings, caption="Launch #sandbox")


async def upload_post(
    tik: Tik,
    client: TikTokHttpClient,
    storage: MemoryObjectStorage,
    key: str,
    token: Secret,
    settings: PostSettings = PUBLIC,
    progress: list[int] | None = None,
) -> str:
    size = (await storage.head(key)).size
    plan = plan_chunks(size, CHUNK)
    result = await client.init_video(
        token, post=post_for(key, settings), source=VideoSourceSpec(VideoSource.FILE_UPLOAD, plan)
    )
    assert result.upload_url is not None
    await client.upload(
        result.upload_url,
        plan=plan,
        read_range=partial(storage.read_range, key),
        content_type="video/mp4",
        progress=None if progress is None else progress.append,
    )
    return result.publish_id


async def test_direct_post_by_file_upload_to_public_completion(
    tik: Tik, client: TikTokHttpClient, storage: MemoryObjectStorage, media: dict[str, Path]
) -> None:
    token = Secret((await connect(tik, client)).access_token)
    sent: list[int] = []
    publish_id = await upload_post(tik, client, storage, "multi", token, progress=sent)
    assert sent == [CHUNK, media["multi"].stat().st_size]
    await tik.settle()
    report = await client.fetch_status(token, publish_id)
    assert report.status is TikTokPublishStatus.PUBLISH_COMPLETE
    (public_id,) = report.public_post_ids
    assert int(public_id) > 2**53 and report.log_id
    (post,) = (await tik.control("GET", "/posts")).body
    assert post["id"] == public_id  # no precision lost on the way
    assert post["media_sha256"] == [hashlib.sha256(media["multi"].read_bytes()).hexdigest()]
    shown = (await tik.control("GET", f"/publications/{publish_id}")).body["post_info"]
    assert (shown["title"], shown["disable_comment"], shown["is_aigc"]) == (
        "Launch #sandbox",
        True,
        True,
    )


async def test_failed_chunks_are_retried(
    tik: Tik, client: TikTokHttpClient, storage: MemoryObjectStorage
) -> None:
    token = Secret((await connect(tik, client)).access_token)
    await tik.control("PUT", "/faults", {"fail_next_uploads": 3})
    publish_id = await upload_post(tik, client, storage, "multi", token)
    await tik.settle()
    assert (
        await client.fetch_status(token, publish_id)
    ).status is TikTokPublishStatus.PUBLISH_COMPLETE


async def test_a_lost_answer_resumes_from_the_reported_range(
    tik: Tik, client: TikTokHttpClient, storage: MemoryObjectStorage, media: dict[str, Path]
) -> None:
    token = Secret((await connect(tik, client)).access_token)
    await tik.control("PUT", "/faults", {"lose_next_upload_answers": 1})
    publish_id = await upload_post(tik, client, storage, "multi", token)
    await tik.settle()
    assert (
        await client.fetch_status(token, publish_id)
    ).status is TikTokPublishStatus.PUBLISH_COMPLETE
    (post,) = (await tik.control("GET", "/posts")).body
    assert post["media_sha256"] == [hashlib.sha256(media["multi"].read_bytes()).hexdigest()]


async def test_a_lost_answer_to_the_last_chunk_still_completes(
    tik: Tik, client: TikTokHttpClient, storage: MemoryObjectStorage
) -> None:
    token = Secret((await connect(tik, client)).access_token)
    size = (await storage.head("good")).size
    plan = plan_chunks(size)
    result = await client.init_video(
        token, post=post_for("good"), source=VideoSourceSpec(VideoSource.FILE_UPLOAD, plan)
    )
    await tik.control("PUT", "/faults", {"lose_next_upload_answers": 1})
    await client.upload(
        result.upload_url or "",
        plan=plan,
        read_range=partial(storage.read_range, "good"),
        content_type="video/mp4",
    )
    await tik.settle()
    assert len((await tik.control("GET", "/posts")).body) == 1


async def test_an_expired_upload_url_is_reported_as_such(
    tik: Tik, client: TikTokHttpClient, storage: MemoryObjectStorage
) -> None:
    token = Secret((await connect(tik, client)).access_token)
    await tik.control("PUT", "/faults", {"upload_url_lifetime_s": 0})
    with pytest.raises(TikTokApiError) as caught:
        await upload_post(tik, client, storage, "multi", token)
    assert (caught.value.error.code, caught.value.http_status) == ("403", 403)
    assert "expired" in caught.value.error.spec.message


async def test_a_final_chunk_that_keeps_failing_is_ambiguous(
    tik: Tik, client: TikTokHttpClient, storage: MemoryObjectStorage
) -> None:
    token = Secret((await connect(tik, client)).access_token)
    await tik.control("PUT", "/faults", {"fail_next_uploads": 10})
    with pytest.raises(TikTokApiError) as caught:
        await upload_post(tik, client, storage, "good", token)
    assert caught.value.ambiguous and caught.value.error.code == "upload_outcome_unknown"


async def test_inbox_upload_reaches_the_inbox(
    tik: Tik, client: TikTokHttpClient, storage: MemoryObjectStorage
) -> None:
    token = Secret((await connect(tik, client)).access_token)
    publish_id = await upload_post(
        tik, client, storage, "good", token, PostSettings(publish_method=PublishMethod.INBOX)
    )
    assert publish_id.startswith("v_inbox_file~")
    await tik.settle()
    report = await client.fetch_status(token, publish_id)
    assert report.status is TikTokPublishStatus.SEND_TO_USER_INBOX


@pytest.mark.parametrize("method", [PublishMethod.DIRECT_POST, PublishMethod.INBOX])
async def test_pull_from_url(
    tik: Tik, client: TikTokHttpClient, media_server: str, method: PublishMethod
) -> None:
    token = Secret((await connect(tik, client)).access_token)
    settings = attrs.evolve(PUBLIC, publish_method=method, video_source=VideoSource.PULL_FROM_URL)
    result = await client.init_video(
        token,
        post=post_for("good", settings),
        source=VideoSourceSpec(
            VideoSource.PULL_FROM_URL, video_url=f"{media_server}/media/good.mp4"
        ),
    )
    assert result.upload_url is None
    await tik.settle()
    report = await client.fetch_status(token, result.publish_id)
    assert report.downloaded_bytes and report.status in (
        TikTokPublishStatus.PUBLISH_COMPLETE,
        TikTokPublishStatus.SEND_TO_USER_INBOX,
    )


@pytest.mark.parametrize("method", [PublishMethod.DIRECT_POST, PublishMethod.INBOX])
async def test_photo_posts(
    tik: Tik, client: TikTokHttpClient, media_server: str, method: PublishMethod
) -> None:
    token = Secret((await connect(tik, client)).access_token)
    post = attrs.evolve(
        photo_post(keys=("a.jpg", "b.jpg")),
        settings=attrs.evolve(PUBLIC, disable_comment=False, publish_method=method),
    )
    urls = [f"{media_server}/media/a.jpg", f"{media_server}/media/b.jpg"]
    result = await client.init_photos(token, post=post, photo_urls=urls)
    await tik.settle()
    report = await client.fetch_status(token, result.publish_id)
    expected = (
        TikTokPublishStatus.PUBLISH_COMPLETE
        if method is PublishMethod.DIRECT_POST
        else TikTokPublishStatus.SEND_TO_USER_INBOX
    )
    assert report.status is expected
    shown = (await tik.control("GET", f"/publications/{result.publish_id}")).body
    assert shown["post_info"]["title"] == "Carousel"


async def test_cancel_a_slow_pull_and_then_it_is_not_cancellable(
    tik: Tik, client: TikTokHttpClient, media_server: str
) -> None:
    token = Secret((await connect(tik, client)).access_token)
    settings = attrs.evolve(PUBLIC, video_source=VideoSource.PULL_FROM_URL)
    result = await client.init_video(
        token,
        post=post_for("good", settings),
        source=VideoSourceSpec(VideoSource.PULL_FROM_URL, video_url=f"{media_server}/slow.mp4"),
    )
    await asyncio.sleep(0.1)
    await client.cancel(token, result.publish_id)
    report = await client.fetch_status(token, result.publish_id)
    assert (report.status, report.fail_reason) == (TikTokPublishStatus.FAILED, "publish_cancelled")
    with pytest.raises(TikTokApiError) as caught:
        await client.cancel(token, result.publish_id)
    assert caught.value.error.code == "publish_not_cancellable"


FAIL_REASONS = [
    "internal",
    "spam_risk_text",
    "spam_risk",
    "spam_risk_too_many_posts",
    "spam_risk_user_banned_from_posting",
    "auth_removed",
]


@pytest.mark.parametrize(
    ("key", "creator_reason", "reason"),
    [
        ("corrupt", None, "file_format_check_failed"),
        ("low_fps", None, "frame_rate_check_failed"),
        ("tiny", None, "picture_size_check_failed"),
        *[("good", r, r) for r in FAIL_REASONS],
    ],
)
async def test_status_reports_each_fail_reason(
    tik: Tik,
    client: TikTokHttpClient,
    storage: MemoryObjectStorage,
    key: str,
    creator_reason: str | None,
    reason: str,
) -> None:
    if creator_reason:
        await tik.control("PATCH", "/creators/sandbox_brand", {"fail_reason": creator_reason})
    token = Secret((await connect(tik, client)).access_token)
    publish_id = await upload_post(tik, client, storage, key, token)
    await tik.settle()
    report = await client.fetch_status(token, publish_id)
    assert (report.status, report.fail_reason) == (TikTokPublishStatus.FAILED, reason)


async def test_duration_over_the_creators_limit(
    tik: Tik, client: TikTokHttpClient, storage: MemoryObjectStorage
) -> None:
    token = Secret((await connect(tik, client, "short_limit")).access_token)
    publish_id = await upload_post(tik, client, storage, "good", token)
    await tik.settle()
    assert (await client.fetch_status(token, publish_id)).fail_reason == "duration_check_failed"


@pytest.mark.parametrize(("path", "reason"), [("/redirect/good.mp4", "video_pull_failed")])
async def test_pull_failures(
    tik: Tik, client: TikTokHttpClient, media_server: str, path: str, reason: str
) -> None:
    token = Secret((await connect(tik, client)).access_token)
    settings = attrs.evolve(PUBLIC, video_source=VideoSource.PULL_FROM_URL)
    result = await client.init_video(
        token,
        post=post_for("good", settings),
        source=VideoSourceSpec(VideoSource.PULL_FROM_URL, video_url=f"{media_server}{path}"),
    )
    await tik.settle()
    assert (await client.fetch_status(token, result.publish_id)).fail_reason == reason
    photo = attrs.evolve(photo_post(keys=("x.jpg",)), settings=PUBLIC)
    photos = await client.init_photos(
        token, post=photo, photo_urls=[f"{media_server}/media/missing.jpg"]
    )
    await tik.settle()
    assert (await client.fetch_status(token, photos.publish_id)).fail_reason == "photo_pull_failed"
