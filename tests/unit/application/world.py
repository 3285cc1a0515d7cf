"""A whole application on the in-memory adapters, assembled by the real container."""

from __future__ import annotations

import os

import attrs

from adapters.memory.clock import FakeClock
from adapters.memory.event_receiver import RecordingEventSender
from adapters.memory.media_probe import FakeMediaProbe
from adapters.memory.notifier import RecordingNotifier
from adapters.memory.object_storage import MemoryObjectStorage
from adapters.memory.store import MemoryStore
from adapters.memory.tiktok import FakeTikTokApi
from domain.channel import Channel
from domain.media_rules import PhotoFacts, VideoFacts
from domain.post_content import (
    MediaKind,
    PhotoMedia,
    PostContent,
    PostSettings,
    PrivacyLevel,
    VideoMedia,
)
from domain.social_post import SocialPost
from entrypoints.container import Container, build_container
from tests.builders import T0

ORG = "org1"
OPEN_ID = "open-1"
GOOD_VIDEO = VideoFacts(
    size_bytes=0,
    container="mp4",
    video_codec="h264",
    audio_codec="aac",
    duration_s=20.0,
    width=1080,
    height=1920,
    fps=30.0,
    bitrate=6_000_000,
)


@attrs.define
class World:
    c: Container
    clock: FakeClock
    tiktok: FakeTikTokApi
    storage: MemoryObjectStorage
    probe: FakeMediaProbe
    notifier: RecordingNotifier
    store: MemoryStore
    receiver: RecordingEventSender = attrs.Factory(RecordingEventSender)

    @classmethod
    def build(cls) -> World:
        c = build_container(clock="fake")
        notifier = RecordingNotifier()
        c.notifier.override(notifier)
        receiver = RecordingEventSender()
        c.event_sender.override(receiver)
        clock = c.clock()
        clock.set(T0)
        c.tiktok_api().now = clock.now  # the fake's videos carry our (fake) time
        return cls(
            c, clock, c.tiktok_api(), c.storage(), c.probe(), notifier, c.memory_store(), receiver
        )

    async def connect(self, open_id: str = OPEN_ID, org: str = ORG) -> Channel:
        if open_id not in self.tiktok.accounts:
            self.tiktok.add_account(open_id, username="brand")
        started = await self.c.connect_channel()(organisation_id=org)
        done = await self.c.complete_oauth()(
            state=started.state, code=self.tiktok.issue_code(open_id)
        )
        return done.channel

    def video(
        self, key: str = "v/clip.mp4", size: int = 12_000_000, facts: VideoFacts = GOOD_VIDEO
    ) -> VideoMedia:
        key = f"orgs/{ORG}/{key}"  # the organisation's own media
        self.storage.put_bytes(key, os.urandom(size), "video/mp4")
        self.probe.videos[key] = facts
        return VideoMedia(key)

    def photos(self, count: int = 2) -> PhotoMedia:
        keys = tuple(f"orgs/{ORG}/p/{i}.jpg" for i in range(count))
        for key in keys:
            self.storage.put_bytes(key, b"\xff\xd8\xff" + os.urandom(1000), "image/jpeg")
            self.probe.photos[key] = PhotoFacts(0, "jpeg", 1080, 1350)
        return PhotoMedia(keys)

    async def draft(
        self,
        channel: Channel,
        *,
        media: VideoMedia | PhotoMedia | None = None,
        settings: PostSettings | None = None,
        caption: str = "Launch #new",
    ) -> SocialPost:
        kind = MediaKind.PHOTO if isinstance(media, PhotoMedia) else MediaKind.VIDEO
        content = (
            PostContent(title="Carousel", description=caption)
            if kind is MediaKind.PHOTO
            else PostContent(caption=caption)
        )
        created = await self.c.create_post()(
            organisation_id=ORG,
            channel_id=channel.id,
            kind=kind,
            content=content,
            settings=settings or PostSettings(privacy_level=PrivacyLevel.SELF_ONLY),
            media=media,
            created_by="author",
        )
        return created.post

    async def approved(self, channel: Channel, **kw: object) -> SocialPost:
        post = await self.draft(channel, **kw)  # type: ignore[arg-type]
        return await self.c.approve_post()(
            organisation_id=ORG, post_id=post.id, approved_by="client"
        )

    async def due(self, channel: Channel, **kw: object) -> SocialPost:
        post = await self.approved(channel, **kw)
        ready = await self.c.publish_post_now()(organisation_id=ORG, post_id=post.id)
        return ready.post

    async def post(self, post_id: str) -> SocialPost:
        async with self.c.uow()() as uow:
            return await uow.posts.get(post_id)

    async def channel(self, channel_id: str) -> Channel:
        async with self.c.uow()() as uow:
            return await uow.channels.get(channel_id)
