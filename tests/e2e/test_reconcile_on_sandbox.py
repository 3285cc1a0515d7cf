"""The real stack (embedded Postgres, HTTP client, sandbox): an init that TikTok carried
out but whose answer never arrived is found on the creator's profile and published once."""

from __future__ import annotations

import asyncio
import shutil
from datetime import timedelta
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import aiohttp
import pytest

from adapters.media.sample_media import make_video
from adapters.sandbox.keys import SANDBOX
from domain.post_content import (
    MediaKind,
    PostContent,
    PostSettings,
    PrivacyLevel,
    VideoMedia,
    VideoSource,
)
from domain.post_state import PostStatus, Tracking
from entrypoints.demo import _stack

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
ORG = "org-reconcile"


async def test_a_lost_init_answer_is_reconciled_through_the_video_list(tmp_path: Path) -> None:
    data = ROOT / ".data" / "e2e-reconcile"
    try:
        async with _stack(data, lambda n: None) as stack:
            c, sandbox = stack.container, stack.sandbox[SANDBOX]
            begun = await c.connect_channel()(organisation_id=ORG)
            async with (
                aiohttp.ClientSession() as browser,
                browser.get(begun.authorize_url, allow_redirects=False) as consent,
            ):
                back = parse_qs(urlsplit(consent.headers["Location"]).query)
            channel = (
                await c.complete_oauth()(state=back["state"][0], code=back["code"][0])
            ).channel
            video = make_video(tmp_path / "v.mp4", seconds=2)
            await c.storage().put_file(f"orgs/{ORG}/v.mp4", video, "video/mp4")
            caption = "Lost and found #reconcile"
            post = (
                await c.create_post()(
                    organisation_id=ORG,
                    channel_id=channel.id,
                    kind=MediaKind.VIDEO,
                    content=PostContent(caption=caption),
                    settings=PostSettings(
                        privacy_level=PrivacyLevel.PUBLIC_TO_EVERYONE,
                        video_source=VideoSource.PULL_FROM_URL,
                    ),
                    media=VideoMedia(f"orgs/{ORG}/v.mp4"),
                    created_by="t",
                )
            ).post
            await c.approve_post()(organisation_id=ORG, post_id=post.id, approved_by="c")
            sandbox.settings.faults.lose_next_init_answers = 1
            await c.publish_post_now()(organisation_id=ORG, post_id=post.id)

            reconcile, deadline = c.reconcile_post(), asyncio.get_running_loop().time() + 30
            seen_reconciling = False
            while True:
                async with c.uow()() as uow:
                    current = await uow.posts.get(post.id)
                seen_reconciling |= current.tracking is Tracking.RECONCILING
                if current.tracking is Tracking.RECONCILING:
                    current = await reconcile(post_id=post.id)
                if current.status is PostStatus.PUBLISHED:
                    break
                assert asyncio.get_running_loop().time() < deadline, current
                await asyncio.sleep(0.3)
            assert seen_reconciling and current.publish_id is None
            ours = [p for p in sandbox.state.posts if not p.seeded and p.caption == caption]
            assert len(ours) == 1 and current.tiktok_post_ids == (str(ours[0].id),)
            assert "FoundOnProfile" in [e.name for e in current.events]
            assert sandbox.settings.faults.lose_next_init_answers == 0
            assert c.clock().now() - current.created_at < timedelta(minutes=1)
    finally:
        shutil.rmtree(data, ignore_errors=True)
