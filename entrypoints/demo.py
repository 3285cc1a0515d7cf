"""The main job end to end, in one process: connect, compose, approve, publish, track.

Runs on the container's embedded defaults. Until the HTTP sandbox lands, "TikTok" is the
in-process fake from adapters.memory; every step goes through the same use-cases the
HTTP API and the workers call.
"""

from __future__ import annotations

import os
from typing import Any

import attrs

from entrypoints.container import Container, build_container

ORG = "demo-org"
VIDEO_KEY = "demo/launch-teaser.mp4"
VIDEO_BYTES = 23 * 1024 * 1024  # three 10 MB chunks' worth, uploaded in chunks


@attrs.frozen
class DemoResult:
    post: Any
    channel: Any
    bytes_uploaded: int
    chunks: int
    posted_on_tiktok: int


async def run_demo(container: Container | None = None) -> DemoResult:
    from adapters.memory.tiktok import FakeTikTokApi
    from domain.media_rules import VideoFacts
    from domain.post_content import MediaKind, PostContent, PostSettings, VideoMedia
    from domain.post_state import PostStatus

    c = container or build_container()
    tiktok = c.tiktok()
    if not isinstance(tiktok, FakeTikTokApi):
        raise RuntimeError("the in-process demo needs the fake TikTok (tiktok=fake)")
    tiktok.add_account("demo-open-id", "acme_brand")

    # 1. Connect: the user is sent to TikTok, approves, and TikTok calls us back.
    started = await c.connect_channel()(organisation_id=ORG, return_url="/channels")
    connected = await c.complete_oauth()(state=started.state,
                                         code=tiktok.issue_code("demo-open-id"))
    channel = connected.channel

    # 2. Media lands in object storage and is probed before anything goes to TikTok.
    c.storage().put_bytes(VIDEO_KEY, os.urandom(VIDEO_BYTES), "video/mp4")
    c.probe().videos[VIDEO_KEY] = VideoFacts(
        size_bytes=VIDEO_BYTES, container="mp4", video_codec="h264",
        audio_codec="aac", duration_s=21.5, width=1080, height=1920, fps=30.0,
        bitrate=8_000_000)

    # 3. Compose, approve, publish now.
    created = await c.create_post()(
        organisation_id=ORG, channel_id=channel.id, kind=MediaKind.VIDEO,
        content=PostContent(caption="Launch day! #launch #behindthescenes"),
        settings=PostSettings(), media=VideoMedia(VIDEO_KEY), created_by="alex@agency.test")
    post = created.post
    await c.approve_post()(organisation_id=ORG, post_id=post.id, approved_by="client@acme.test")
    await c.publish_post_now()(organisation_id=ORG, post_id=post.id)

    # 4. The publisher worker's job, then the tracker's, until TikTok says it is done.
    sent: list[int] = []
    post = await c.publish_due_post()(post_id=post.id, progress=sent.append)
    tracker = c.track_publish_status()
    for _ in range(10):
        if post.status is not PostStatus.PUBLISHING:
            break
        post = await tracker(post_id=post.id)
    return DemoResult(post, channel, sent[-1] if sent else 0, len(sent),
                      len(tiktok.posted_videos("demo-open-id")))


def render(result: DemoResult) -> str:
    post = result.post
    lines = [
        f"channel   {result.channel.display_name} (@{result.channel.username}) "
        f"status={result.channel.status}",
        f"post      {post.id} status={post.status} attempts={post.attempts}",
        f"upload    {result.bytes_uploaded} bytes in {result.chunks} chunks",
        f"tiktok    publish_id={post.publish_id} post_ids={','.join(post.tiktok_post_ids)}",
        f"share     {post.share_url}",
        f"on tiktok {result.posted_on_tiktok} video(s) posted",
        "audit trail:",
        *(f"  {e.occurred_at.isoformat()}  {e.name}" for e in post.events),
    ]
    return "\n".join(lines)
