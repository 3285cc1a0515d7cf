"""The main job, offline, on embedded defaults: the whole product against the sandbox.

Starts the embedded PostgreSQL (or uses DATABASE_URL), a local object store served over
signed HTTP links, and the TikTok sandbox on loopback; connects a channel through the
OAuth redirect flow; generates a 9:16 H.264/AAC video large enough for several chunks;
creates, approves and schedules a post; the publisher uploads it in chunks and the
tracker follows it to published; a post with a bad video is refused pre-flight; a photo
post goes to the inbox; metrics are synced and an insight computed.
"""

from __future__ import annotations

import asyncio
import contextlib
import tempfile
import time
from collections.abc import AsyncIterator, Callable
from datetime import timedelta
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import aiohttp
import attrs
from aiohttp import web

DEMO_VIDEO_BYTES = 36_000_000  # three chunks: 10 MB, 10 MB and the 16 MB rest
CLIENT_KEY, CLIENT_SECRET = "demo-client-key", "demo-client-secret"
ORG = "demo-org"


@attrs.define
class DemoReport:
    channel: Any = None
    post: Any = None
    bad_video_refusal: list[str] = attrs.Factory(list)
    photo_post: Any = None
    insight: Any = None
    chunks: int = 0
    video_bytes: int = 0
    timings: dict[str, float] = attrs.Factory(dict)
    tiktok_posts: int = 0

    @property
    def ok(self) -> bool:
        from domain.post_state import PostStatus, Tracking

        return (self.post is not None and self.post.status is PostStatus.PUBLISHED
                and bool(self.bad_video_refusal) and self.tiktok_posts == 1
                and self.photo_post is not None
                and self.photo_post.tracking is Tracking.SENT_TO_INBOX)


async def _serve(app: web.Application) -> tuple[web.AppRunner, str]:
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = runner.addresses[0][1]
    return runner, f"http://127.0.0.1:{port}"


@contextlib.asynccontextmanager
async def _stack(data_dir: Path | None) -> AsyncIterator[tuple[Any, Any]]:
    """Sandbox, container and the container's store served over signed links, all on
    loopback, torn down after."""
    from adapters.sandbox.app import create_app
    from adapters.sandbox.keys import SANDBOX
    from adapters.sandbox.settings import SandboxSettings
    from entrypoints.container import open_container
    from entrypoints.http.media import media_app
    from entrypoints.settings import data_dir as resolve_data_dir
    from entrypoints.settings import from_env

    env = from_env()
    root = data_dir or resolve_data_dir(env.get("data_dir"))
    sandbox = create_app(SandboxSettings(
        client_key=CLIENT_KEY, client_secret=CLIENT_SECRET, auto_approve=True,
        processing_delay=0.5, moderation_delay=0.0))
    sandbox_runner, sandbox_base = await _serve(sandbox)
    settings = {**env, "backend": "postgres", "tiktok": "http", "storage": "local",
                "probe": "pyav", "data_dir": str(root), "tiktok_api_base": sandbox_base,
                "tiktok_auth_base": sandbox_base, "tiktok_client_key": CLIENT_KEY,
                "tiktok_client_secret": CLIENT_SECRET, "worker_id": "demo-worker"}
    media_runner = None
    try:
        async with open_container(**settings) as container:
            store = container.storage()
            media_runner, media_base = await _serve(media_app(store))
            store.public_base_url = f"{media_base}/media"  # known once it listens
            sandbox[SANDBOX].settings.verified_prefixes = (f"{media_base}/media/",)
            yield container, sandbox
    finally:
        if media_runner is not None:
            await media_runner.cleanup()
        await sandbox_runner.cleanup()


async def run_demo(*, data_dir: Path | None = None,
                   on_progress: Callable[[int, int], None] | None = None,
                   say: Callable[[str], None] = print) -> DemoReport:
    from adapters.media.sample_media import make_photo, make_video, pad_to
    from adapters.sandbox.keys import SANDBOX
    from domain.errors import RulesViolated
    from domain.post_content import (
        MediaKind,
        PhotoMedia,
        PostContent,
        PostSettings,
        PrivacyLevel,
        PublishMethod,
        VideoMedia,
    )
    from domain.post_state import PostStatus

    report = DemoReport()
    started = time.perf_counter()
    work = Path(tempfile.mkdtemp(prefix="tiktok-demo-"))
    async with _stack(data_dir) as (c, sandbox_app):
        report.timings["start_s"] = time.perf_counter() - started
        sandbox = sandbox_app[SANDBOX]
        storage = c.storage()

        # 1. Connect through the OAuth redirect flow (the sandbox approves at once).
        begun = await c.connect_channel()(organisation_id=ORG, return_url="/channels")
        async with aiohttp.ClientSession() as browser, browser.get(
                begun.authorize_url, allow_redirects=False) as answer:
            callback = parse_qs(urlsplit(answer.headers["Location"]).query)
        connected = await c.complete_oauth()(state=callback["state"][0],
                                             code=callback["code"][0])
        report.channel = connected.channel
        say(f"connected @{connected.channel.username} ({connected.channel.display_name})")

        # 2. A real 9:16 H.264/AAC video, big enough for several chunks, into the store.
        video = pad_to(make_video(work / "launch.mp4", seconds=3), DEMO_VIDEO_BYTES)
        await storage.put_file("demo/launch.mp4", video, "video/mp4")
        report.video_bytes = DEMO_VIDEO_BYTES
        say(f"stored demo/launch.mp4 ({DEMO_VIDEO_BYTES:,} bytes)")

        # 3. Compose, approve, schedule a few seconds ahead, let the publisher run.
        post = (await c.create_post()(
            organisation_id=ORG, channel_id=connected.channel.id, kind=MediaKind.VIDEO,
            content=PostContent(caption="Launch day #launch #behindthescenes"),
            settings=PostSettings(privacy_level=PrivacyLevel.PUBLIC_TO_EVERYONE),
            media=VideoMedia("demo/launch.mp4"), created_by="alex@agency.test")).post
        await c.approve_post()(organisation_id=ORG, post_id=post.id, approved_by="client")
        at = c.clock().now() + timedelta(seconds=2)
        await c.schedule_post()(organisation_id=ORG, post_id=post.id, at=at)
        say(f"post {post.id} scheduled for {at:%H:%M:%S}")
        await asyncio.sleep(max(0.0, (at - c.clock().now()).total_seconds()))
        sent: list[int] = []

        def progress(done: int) -> None:
            sent.append(done)
            if on_progress is not None:
                on_progress(done, DEMO_VIDEO_BYTES)

        t0 = time.perf_counter()
        await c.run_publisher_pass()(progress=progress)
        report.chunks = len(sent)
        post = await _track_until_settled(c, post.id)
        report.post = post
        report.timings["publish_s"] = time.perf_counter() - t0
        say(f"post {post.id}: {post.status.value} {post.share_url or ''}")

        # 4. A bad video is refused before anything reaches TikTok.
        bad = make_video(work / "bad.mp4", width=720, height=1280, fps=15, seconds=2)
        await storage.put_file("demo/bad.mp4", bad, "video/mp4")
        refused = (await c.create_post()(
            organisation_id=ORG, channel_id=connected.channel.id, kind=MediaKind.VIDEO,
            content=PostContent(caption="This one is too choppy"),
            settings=PostSettings(privacy_level=PrivacyLevel.SELF_ONLY),
            media=VideoMedia("demo/bad.mp4"), created_by="alex@agency.test")).post
        await c.approve_post()(organisation_id=ORG, post_id=refused.id, approved_by="client")
        try:
            await c.schedule_post()(organisation_id=ORG, post_id=refused.id,
                                    at=c.clock().now() + timedelta(minutes=5))
        except RulesViolated as exc:
            report.bad_video_refusal = [v.message for v in exc.violations]
            say(f"refused pre-flight: {report.bad_video_refusal[0]}")

        # 5. A photo carousel to the creator's inbox (TikTok pulls it from signed links).
        keys = []
        for name, size in (("one.jpg", (1080, 1350)), ("two.jpg", (1080, 1080))):
            path = make_photo(work / name, width=size[0], height=size[1])
            await storage.put_file(f"demo/{name}", path, "image/jpeg")
            keys.append(f"demo/{name}")
        photo = (await c.create_post()(
            organisation_id=ORG, channel_id=connected.channel.id, kind=MediaKind.PHOTO,
            content=PostContent(title="Behind the scenes", description="Two frames #team"),
            settings=PostSettings(publish_method=PublishMethod.INBOX),
            media=PhotoMedia(tuple(keys)), created_by="alex@agency.test")).post
        await c.approve_post()(organisation_id=ORG, post_id=photo.id, approved_by="client")
        await c.publish_post_now()(organisation_id=ORG, post_id=photo.id)
        await c.run_publisher_pass()()
        report.photo_post = await _track_until_settled(c, photo.id)
        say(f"photo post {photo.id}: {report.photo_post.status.value} "
            f"({report.photo_post.tracking.value if report.photo_post.tracking else '-'})")

        # 6. Metrics and the weekly insight.
        await c.sync_metrics()(channel_id=connected.channel.id)
        report.insight = await c.compute_insight()(channel_id=connected.channel.id)
        report.tiktok_posts = sum(1 for p in sandbox.state.posts
                                  if not p.seeded and not p.is_photo)
        assert all(p.status is not PostStatus.PUBLISHING for p in [report.post])
    report.timings["total_s"] = time.perf_counter() - started
    return report


async def _track_until_settled(c: Any, post_id: str, deadline_s: float = 60.0) -> Any:
    """Poll TikTok's status (what the status worker does) until the post settles."""
    from domain.post_state import PostStatus, Tracking

    track = c.track_publish_status()
    loop = asyncio.get_running_loop()
    until = loop.time() + deadline_s
    while True:
        post = await track(post_id=post_id)
        settled = post.status is not PostStatus.PUBLISHING or post.tracking in (
            Tracking.SENT_TO_INBOX, Tracking.UNCONFIRMED)
        if settled or loop.time() > until:
            return post
        await asyncio.sleep(0.5)


def render(report: DemoReport) -> str:
    post, insight = report.post, report.insight
    lines = [
        f"channel      @{report.channel.username} status={report.channel.status.value}",
        f"video post   {post.id} status={post.status.value} attempts={post.attempts}",
        f"upload       {report.video_bytes:,} bytes in {report.chunks} chunks",
        f"tiktok       publish_id={post.publish_id} post_ids={','.join(post.tiktok_post_ids)}",
        f"share url    {post.share_url}",
        f"bad video    refused: {'; '.join(report.bad_video_refusal)}",
        f"photo post   {report.photo_post.id} {report.photo_post.status.value}"
        f" ({report.photo_post.tracking.value if report.photo_post.tracking else '-'})",
        f"insight      average views (30 d) {insight.average_views_30d.value or 0:.0f}"
        f" over {insight.average_views_30d.sample_size} videos; top hashtags "
        f"{', '.join('#' + h.tag for h in insight.top_hashtags) or '-'}",
        f"next video   {insight.suggestion.summary if insight.suggestion else '-'}",
        f"timings      start {report.timings['start_s']:.1f}s, publish "
        f"{report.timings['publish_s']:.1f}s, total {report.timings['total_s']:.1f}s",
        "audit trail:",
        *(f"  {e.occurred_at:%H:%M:%S.%f}  {e.name}" for e in post.events),
    ]
    return "\n".join(lines)
