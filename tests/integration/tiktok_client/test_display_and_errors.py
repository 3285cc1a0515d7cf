"""Display paging, every error code the facts file lists mapped to its taxonomy entry,
and the client-side limiter keeping 429s at zero."""

from __future__ import annotations

import asyncio
import time
from functools import partial
from pathlib import Path

import aiohttp
import attrs
import pytest
from aiohttp.test_utils import TestServer

from adapters.memory.object_storage import MemoryObjectStorage
from adapters.sandbox.app import create_app
from adapters.sandbox.keys import SANDBOX
from adapters.sandbox.settings import SandboxSettings
from adapters.tiktok.client import TikTokHttpClient
from application.errors import TikTokApiError
from application.ports.tiktok import VideoSourceSpec
from domain.chunk_plan import ChunkPlan, plan_chunks
from domain.post_content import PostSettings, PrivacyLevel, PublishMethod, VideoMedia, VideoSource
from domain.secret import Secret
from domain.tiktok_errors import Category, ErrorSource, spec_for
from tests.builders import photo_post, video_post
from tests.integration.sandbox.harness import Tik
from tests.integration.tiktok_client.conftest import client_for, connect

K = Category
FILE = VideoSourceSpec(VideoSource.FILE_UPLOAD, plan_chunks(10_000_000))


def direct(privacy: PrivacyLevel | None = PrivacyLevel.PUBLIC_TO_EVERYONE, **kw: object):  # type: ignore[no-untyped-def]
    return video_post(media=VideoMedia("v.mp4"), settings=PostSettings(privacy_level=privacy, **kw))  # type: ignore[arg-type]


async def test_video_list_pages_until_has_more_is_false(tik: Tik, client: TikTokHttpClient) -> None:
    token = Secret((await connect(tik, client)).access_token)
    seen, cursor, pages = [], None, 0
    while True:
        page = await client.list_videos(token, cursor=cursor, max_count=10)
        seen += page.videos
        pages += 1
        if not page.has_more:
            break
        cursor = page.cursor
    assert (len(seen), pages) == (24, 3) and len({v.id for v in seen}) == 24
    assert all(v.view_count >= v.like_count >= 0 for v in seen)
    found = await client.query_videos(token, [v.id for v in seen] + ["999"])
    assert {v.id for v in found} == {v.id for v in seen}  # two batches of at most 20


async def expect(call, code: str, category: Category) -> TikTokApiError:  # type: ignore[no-untyped-def]
    with pytest.raises(TikTokApiError) as caught:
        await call
    error = caught.value.error
    assert (error.code, error.category) == (code, category), error.describe()
    assert error.category is not K.UNKNOWN
    return caught.value


async def test_init_error_matrix(tik: Tik, client: TikTokHttpClient, media_server: str) -> None:
    brand = Secret((await connect(tik, client)).access_token)
    init = client.init_video
    await expect(
        init(
            brand,
            post=direct(),
            source=VideoSourceSpec(VideoSource.FILE_UPLOAD, ChunkPlan(13_000_000, 6_000_000, 3)),
        ),
        "invalid_param",
        K.CONTENT_INVALID,
    )
    await expect(
        init(brand, post=direct(PrivacyLevel.FOLLOWER_OF_CREATOR), source=FILE),
        "privacy_level_option_mismatch",
        K.CONTENT_INVALID,
    )
    await expect(
        init(
            brand,
            post=direct(),
            source=VideoSourceSpec(
                VideoSource.PULL_FROM_URL, video_url="https://cdn.example.com/v.mp4"
            ),
        ),
        "url_ownership_unverified",
        K.POLICY,
    )
    banned = Secret((await connect(tik, client, "sandbox_banned")).access_token)
    await expect(
        init(banned, post=direct(), source=FILE), "spam_risk_user_banned_from_posting", K.POLICY
    )
    old = Secret((await connect(tik, client, "old_app")).access_token)
    inbox_photo = attrs.evolve(
        photo_post(), settings=PostSettings(publish_method=PublishMethod.INBOX)
    )
    await expect(
        client.init_photos(old, post=inbox_photo, photo_urls=[f"{media_server}/media/a.jpg"]),
        "app_version_check_failed",
        K.POLICY,
    )
    tik.settings.audited = False
    await expect(
        init(brand, post=direct(), source=FILE),
        "unaudited_client_can_only_post_to_private_accounts",
        K.POLICY,
    )
    tik.settings.audited = True
    await tik.control("PATCH", "/creators/sandbox_brand", {"daily_post_cap": 0})
    await expect(init(brand, post=direct(), source=FILE), "spam_risk_too_many_posts", K.QUOTA_DAILY)
    tik.settings.active_user_cap = 0
    private = Secret((await connect(tik, client, "sandbox_private")).access_token)
    await expect(
        init(private, post=direct(PrivacyLevel.SELF_ONLY), source=FILE),
        "reached_active_user_cap",
        K.QUOTA_DAILY,
    )


async def test_pending_share_cap_scope_and_token_errors(tik: Tik, client: TikTokHttpClient) -> None:
    tik.settings.pending_share_cap = 0
    token = Secret((await connect(tik, client)).access_token)
    inbox = direct(publish_method=PublishMethod.INBOX)
    await expect(
        client.init_video(token, post=inbox, source=FILE),
        "spam_risk_too_many_pending_share",
        K.QUOTA_PENDING_SHARE,
    )
    narrow = Secret((await connect(tik, client, scopes=("user.info.basic",))).access_token)
    await expect(client.creator_info(narrow), "scope_not_authorized", K.SCOPE_MISSING)
    await expect(
        client.creator_info(Secret("act.nope")), "access_token_invalid", K.AUTH_REFRESHABLE
    )


async def test_status_and_cancel_errors(tik: Tik, client: TikTokHttpClient) -> None:
    mine = Secret((await connect(tik, client)).access_token)
    theirs = Secret((await connect(tik, client, "sandbox_private")).access_token)
    result = await client.init_video(mine, post=direct(), source=FILE)
    await expect(
        client.fetch_status(mine, "v_pub_file~v2-1.0"), "invalid_publish_id", K.CONTENT_INVALID
    )
    await expect(
        client.fetch_status(theirs, result.publish_id),
        "token_not_authorized_for_specified_publish_id",
        K.RECONNECT_NEEDED,
    )
    await expect(client.cancel(mine, result.publish_id), "publish_not_cancellable", K.POLICY)


async def test_server_errors_on_init_are_ambiguous_and_on_reads_transient(
    tik: Tik, client: TikTokHttpClient
) -> None:
    token = Secret((await connect(tik, client)).access_token)
    await tik.control("PUT", "/faults", {"error_rate": 1.0})
    error = await expect(
        client.init_video(token, post=direct(), source=FILE), "init_outcome_unknown", K.AMBIGUOUS
    )
    assert error.ambiguous and error.error.log_id
    await expect(client.creator_info(token), "internal_error", K.TRANSIENT)
    await tik.control("PUT", "/faults", {"error_rate": 0.0, "timeout_rate": 1.0, "hang_seconds": 2})
    async with aiohttp.ClientSession() as session:
        impatient = client_for(tik, session, request_timeout_s=0.2, read_attempts=1)
        await expect(
            impatient.init_video(token, post=direct(), source=FILE),
            "init_outcome_unknown",
            K.AMBIGUOUS,
        )
        await expect(impatient.creator_info(token), "timeout", K.TRANSIENT)


async def test_unreachable_tiktok_is_a_network_error_not_ambiguous(tik: Tik) -> None:
    async with aiohttp.ClientSession() as session:
        offline = client_for(tik, session)
        offline = TikTokHttpClient(
            session, attrs.evolve(offline.config, api_base="http://127.0.0.1:9")
        )
        await expect(
            offline.init_video(Secret("act.x"), post=direct(), source=FILE),
            "network_error",
            K.TRANSIENT,
        )


async def test_a_429_that_still_comes_is_retried_after_the_window(
    tik: Tik, client: TikTokHttpClient
) -> None:
    token = Secret((await connect(tik, client)).access_token)
    async with aiohttp.ClientSession() as session:
        quick = client_for(tik, session, rate_window_s=0.05)
        await tik.control("PUT", "/faults", {"burst_429": 2})
        info = await quick.creator_info(token)
        assert info.username == "sandbox_brand"
        stubborn = client_for(tik, session, rate_window_s=0.05, max_429_retries=0)
        await tik.control("PUT", "/faults", {"burst_429": 1})
        await expect(stubborn.creator_info(token), "rate_limit_exceeded", K.RATE_LIMITED)


async def test_oauth_and_upload_errors(
    tik: Tik, client: TikTokHttpClient, storage: MemoryObjectStorage
) -> None:
    await expect(
        client.exchange_code(code="nope", redirect_uri="http://127.0.0.1:1/cb"),
        "invalid_grant",
        K.RECONNECT_NEEDED,
    )
    async with aiohttp.ClientSession() as session:
        wrong = client_for(tik, session)
        wrong = TikTokHttpClient(session, attrs.evolve(wrong.config, client_secret=Secret("bad")))
        await expect(wrong.refresh(Secret("rft.x")), "invalid_client", K.RECONNECT_NEEDED)
    plan = plan_chunks((await storage.head("good")).size)
    await expect(
        client.upload(
            f"{tik.base}/upload/video/?upload_id=0&upload_token=x",
            plan=plan,
            read_range=partial(storage.read_range, "good"),
            content_type="video/mp4",
        ),
        "404",
        K.TRANSIENT,
    )


def test_every_code_the_sandbox_can_send_is_in_the_taxonomy() -> None:
    sent = {
        "invalid_param",
        "invalid_params",
        "app_version_check_failed",
        "spam_risk_too_many_posts",
        "spam_risk_user_banned_from_posting",
        "spam_risk_too_many_pending_share",
        "reached_active_user_cap",
        "unaudited_client_can_only_post_to_private_accounts",
        "url_ownership_unverified",
        "privacy_level_option_mismatch",
        "access_token_invalid",
        "scope_not_authorized",
        "scope_permission_missed",
        "rate_limit_exceeded",
        "internal_error",
        "invalid_publish_id",
        "token_not_authorized_for_specified_publish_id",
        "publish_not_cancellable",
    }
    assert all(spec_for(ErrorSource.API, c).category is not K.UNKNOWN for c in sent)


async def test_the_limiter_keeps_429s_at_zero(tmp_path: Path) -> None:
    settings = SandboxSettings(rate_window_s=0.5, processing_delay=0, daily_post_cap=1000)
    server = TestServer(create_app(settings, data_dir=tmp_path), port=0)
    await server.start_server()
    try:
        base = str(server.make_url("")).rstrip("/")
        sandbox = server.app[SANDBOX]
        async with aiohttp.ClientSession() as session:
            tik = Tik(base, server.app, session, None)  # type: ignore[arg-type]
            client = client_for(tik, session, rate_window_s=0.5)
            tokens = [Secret((await connect(tik, client)).access_token) for _ in range(3)]
            started = time.monotonic()
            results = await asyncio.gather(
                *(
                    client.init_video(t, post=direct(), source=FILE)
                    for t in tokens
                    for _ in range(12)
                )
            )
            elapsed = time.monotonic() - started
        assert len({r.publish_id for r in results}) == 36
        assert sandbox.windows.rejected == 0
        assert elapsed >= 0.5  # the second six of each token waited for the window
    finally:
        await server.close()


async def test_a_caller_that_may_not_wait_hears_when_the_window_opens(
    tik: Tik, client: TikTokHttpClient
) -> None:
    """20 creator_info calls fill the token's window; the 21st, asked for a person waiting
    on an HTTP answer, is refused at once with the seconds until the window opens."""
    token = Secret((await connect(tik, client)).access_token)
    for _ in range(20):
        await client.creator_info(token)
    started = time.monotonic()
    refused = await expect(
        client.creator_info(token, max_wait_s=0.5), "rate_window_full", K.RATE_LIMITED
    )
    assert time.monotonic() - started < 1.0  # no wait on the window (it opens in ~60 s)
    assert refused.error.retry_after_s is not None and 30 < refused.error.retry_after_s <= 60
    assert tik.app[SANDBOX].windows.rejected == 0  # and TikTok was never over-asked
