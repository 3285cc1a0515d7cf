"""The contract every TikTokApi keeps: the in-memory fake and the HTTP client (talking to
the sandbox) run the same tests, so the fake cannot drift from the real client.

Subclass and provide ``world``: a ``TikTokWorld`` with two public creators, ``alpha`` and
``beta``, neither with videos yet.
"""

from __future__ import annotations

import hashlib
from collections.abc import AsyncIterator
from typing import Protocol

import attrs
import pytest

from application.errors import TikTokApiError
from application.ports import TikTokApi, TokenGrant
from application.ports.tiktok import VideoSourceSpec
from domain.chunk_plan import ChunkPlan, plan_chunks
from domain.post_content import PostSettings, PrivacyLevel, PublishMethod, VideoSource
from domain.publish_status import PublishStatusReport, TikTokPublishStatus
from domain.secret import Secret
from domain.social_post import SocialPost
from tests.builders import photo_post, video_post

ALL_SCOPES = (
    "user.info.basic",
    "user.info.profile",
    "user.info.stats",
    "video.list",
    "video.upload",
    "video.publish",
)
PUBLIC_OPTIONS = {"PUBLIC_TO_EVERYONE", "MUTUAL_FOLLOW_FRIENDS", "SELF_ONLY"}
PRIVATE_OPTIONS = {"FOLLOWER_OF_CREATOR", "MUTUAL_FOLLOW_FRIENDS", "SELF_ONLY"}
PUBLIC = PostSettings(privacy_level=PrivacyLevel.PUBLIC_TO_EVERYONE)
PRIVATE = PostSettings(privacy_level=PrivacyLevel.SELF_ONLY)
INBOX = PostSettings(publish_method=PublishMethod.INBOX)


class TikTokWorld(Protocol):
    """A TikTok to test against, and what a test needs from outside the port."""

    @property
    def api(self) -> TikTokApi: ...

    @property
    def redirect_uri(self) -> str: ...

    @property
    def video(self) -> bytes:
        """A real, small video TikTok accepts."""
        ...

    @property
    def big_video(self) -> bytes:
        """The same, padded so a plan needs two chunks."""
        ...

    async def authorization_code(self, username: str, scopes: tuple[str, ...]) -> str:
        """The code the browser leg would bring back to the redirect URI."""
        ...

    def open_id(self, username: str) -> str: ...

    def photo_urls(self, count: int) -> list[str]:
        """URLs of real JPEG photos under a verified prefix."""
        ...

    async def settle(self) -> None:
        """Let TikTok's background work (processing, moderation) finish."""
        ...

    def advance(self, seconds: int) -> None:
        """Move TikTok's clock on."""
        ...

    async def posted_media(self, username: str) -> list[str]:
        """The sha256 of every video or photo that became a post of this creator."""
        ...


def rejected(error: BaseException) -> str:
    assert isinstance(error, TikTokApiError), error
    return error.error.code


async def connect(world: TikTokWorld, username: str = "alpha", scopes=ALL_SCOPES) -> TokenGrant:  # type: ignore[no-untyped-def]
    code = await world.authorization_code(username, scopes)
    return await world.api.exchange_code(code=code, redirect_uri=world.redirect_uri)


def token(grant: TokenGrant) -> Secret:
    return Secret(grant.access_token)


def reader(payload: bytes, block: int = 64 * 1024):  # type: ignore[no-untyped-def]
    async def read_range(first: int, last: int) -> AsyncIterator[bytes]:
        for start in range(first, last + 1, block):
            yield payload[start : min(start + block, last + 1)]

    return read_range


@attrs.define
class Publishing:
    world: TikTokWorld
    grant: TokenGrant
    progress: list[int] = attrs.Factory(list)

    async def video(
        self,
        post: SocialPost,
        payload: bytes | None = None,
        plan: ChunkPlan | None = None,
    ) -> str:
        payload = payload if payload is not None else self.world.video
        plan = plan or plan_chunks(len(payload))
        api = self.world.api
        init = await api.init_video(
            token(self.grant), post=post, source=VideoSourceSpec(VideoSource.FILE_UPLOAD, plan)
        )
        assert init.upload_url
        await api.upload(
            init.upload_url,
            plan=plan,
            read_range=reader(payload),
            content_type="video/mp4",
            progress=self.progress.append,
        )
        return init.publish_id

    async def status(self, publish_id: str) -> PublishStatusReport:
        await self.world.settle()
        return await self.world.api.fetch_status(token(self.grant), publish_id)


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class TikTokApiContract:
    @pytest.fixture
    def world(self) -> TikTokWorld:
        raise NotImplementedError

    # ---- OAuth ------------------------------------------------------------------------

    async def test_a_code_becomes_a_grant_for_its_creator(self, world: TikTokWorld) -> None:
        grant = await connect(world)
        assert grant.open_id == world.open_id("alpha")
        assert grant.access_token != grant.refresh_token
        assert grant.expires_in > 0 and grant.refresh_expires_in > grant.expires_in
        assert set(ALL_SCOPES) <= set(grant.scope.split(","))

    async def test_a_code_works_once(self, world: TikTokWorld) -> None:
        code = await world.authorization_code("alpha", ALL_SCOPES)
        await world.api.exchange_code(code=code, redirect_uri=world.redirect_uri)
        with pytest.raises(TikTokApiError) as caught:
            await world.api.exchange_code(code=code, redirect_uri=world.redirect_uri)
        assert rejected(caught.value) == "invalid_grant"

    async def test_a_refresh_rotates_the_refresh_token(self, world: TikTokWorld) -> None:
        grant = await connect(world)
        renewed = await world.api.refresh(Secret(grant.refresh_token))
        assert renewed.open_id == grant.open_id
        assert renewed.refresh_token != grant.refresh_token
        assert renewed.access_token != grant.access_token
        with pytest.raises(TikTokApiError) as caught:
            await world.api.refresh(Secret(grant.refresh_token))
        assert rejected(caught.value) == "invalid_grant"
        assert (await world.api.creator_info(token(renewed))).username == "alpha"

    async def test_a_revoked_token_is_refused(self, world: TikTokWorld) -> None:
        grant = await connect(world)
        await world.api.revoke(token(grant))
        with pytest.raises(TikTokApiError) as caught:
            await world.api.user_info(token(grant), scopes=frozenset(ALL_SCOPES))
        assert rejected(caught.value) == "access_token_invalid"
        with pytest.raises(TikTokApiError) as caught:
            await world.api.refresh(Secret(grant.refresh_token))
        assert rejected(caught.value) == "invalid_grant"

    async def test_an_unknown_token_is_refused(self, world: TikTokWorld) -> None:
        with pytest.raises(TikTokApiError) as caught:
            await world.api.creator_info(Secret("act.not-a-token"))
        assert rejected(caught.value) == "access_token_invalid"

    # ---- profile and creator ------------------------------------------------------------

    async def test_user_info_has_the_fields_the_scopes_allow(self, world: TikTokWorld) -> None:
        grant = await connect(world)
        basic = await world.api.user_info(token(grant), scopes=frozenset({"user.info.basic"}))
        assert basic.open_id == grant.open_id and basic.display_name
        assert (basic.username, basic.follower_count, basic.video_count) == (None, None, None)
        full = await world.api.user_info(token(grant), scopes=frozenset(ALL_SCOPES))
        assert full.username == "alpha"
        assert isinstance(full.follower_count, int) and full.video_count == 0

    async def test_creator_info_offers_a_public_accounts_options(self, world: TikTokWorld) -> None:
        creator = await world.api.creator_info(token(await connect(world)))
        assert creator.username == "alpha" and creator.nickname
        assert {o.value for o in creator.privacy_level_options} == PUBLIC_OPTIONS
        assert creator.max_video_post_duration_sec > 0

    # ---- posting --------------------------------------------------------------------------

    async def test_a_direct_post_in_two_chunks_is_published(self, world: TikTokWorld) -> None:
        grant = await connect(world)
        publishing = Publishing(world, grant)
        payload = world.big_video
        plan = plan_chunks(len(payload), 5 * 1_048_576)
        assert plan.total_chunk_count == 2
        publish_id = await publishing.video(video_post(settings=PRIVATE), payload, plan)
        assert publish_id.startswith("v_pub_file~") and len(publish_id) <= 64
        assert publishing.progress[-1] == len(payload)
        assert publishing.progress == sorted(publishing.progress)
        report = await publishing.status(publish_id)
        assert report.status is TikTokPublishStatus.PUBLISH_COMPLETE
        assert report.uploaded_bytes == len(payload)
        assert report.public_post_ids == ()  # SELF_ONLY: never public
        assert await world.posted_media("alpha") == [sha256(payload)]

    async def test_a_public_post_gets_its_public_id(self, world: TikTokWorld) -> None:
        publishing = Publishing(world, await connect(world))
        publish_id = await publishing.video(video_post(settings=PUBLIC))
        report = await publishing.status(publish_id)
        assert report.status is TikTokPublishStatus.PUBLISH_COMPLETE
        (post_id,) = report.public_post_ids
        assert int(post_id) > 2**53

    async def test_an_inbox_upload_waits_in_the_inbox(self, world: TikTokWorld) -> None:
        publishing = Publishing(world, await connect(world))
        publish_id = await publishing.video(video_post(settings=INBOX))
        assert publish_id.startswith("v_inbox_file~")
        report = await publishing.status(publish_id)
        assert report.status is TikTokPublishStatus.SEND_TO_USER_INBOX
        assert await world.posted_media("alpha") == []

    async def test_a_privacy_the_creator_does_not_offer_is_refused(
        self, world: TikTokWorld
    ) -> None:
        grant = await connect(world)
        post = video_post(settings=PostSettings(privacy_level=PrivacyLevel.FOLLOWER_OF_CREATOR))
        plan = plan_chunks(len(world.video))
        with pytest.raises(TikTokApiError) as caught:
            await world.api.init_video(
                token(grant), post=post, source=VideoSourceSpec(VideoSource.FILE_UPLOAD, plan)
            )
        assert rejected(caught.value) == "privacy_level_option_mismatch"

    async def test_photos_are_pulled_and_posted(self, world: TikTokWorld) -> None:
        publishing = Publishing(world, await connect(world))
        api, grant = world.api, publishing.grant
        direct = await api.init_photos(
            token(grant), post=photo_post(), photo_urls=world.photo_urls(2)
        )
        assert direct.publish_id.startswith("p_pub_url~") and direct.upload_url is None
        assert (await publishing.status(direct.publish_id)).status is (
            TikTokPublishStatus.PUBLISH_COMPLETE
        )
        draft = photo_post("ph2")
        draft = attrs.evolve(draft, settings=attrs.evolve(draft.settings, **attrs.asdict(INBOX)))
        inbox = await api.init_photos(token(grant), post=draft, photo_urls=world.photo_urls(1))
        assert inbox.publish_id.startswith("p_inbox_url~")
        assert (await publishing.status(inbox.publish_id)).status is (
            TikTokPublishStatus.SEND_TO_USER_INBOX
        )

    async def test_a_fresh_token_may_init_at_once(self, world: TikTokWorld) -> None:
        grant = await connect(world)
        assert await world.api.init_wait_s(token(grant), post=video_post()) == 0

    # ---- status and cancel ----------------------------------------------------------------

    async def test_status_of_an_unknown_or_foreign_publish_id(self, world: TikTokWorld) -> None:
        alpha = Publishing(world, await connect(world, "alpha"))
        beta = await connect(world, "beta")
        publish_id = await alpha.video(video_post(settings=PRIVATE))
        with pytest.raises(TikTokApiError) as caught:
            await world.api.fetch_status(token(beta), "v_pub_file~v2-1.404")
        assert rejected(caught.value) == "invalid_publish_id"
        with pytest.raises(TikTokApiError) as caught:
            await world.api.fetch_status(token(beta), publish_id)
        assert rejected(caught.value) == "token_not_authorized_for_specified_publish_id"

    async def test_a_finished_upload_cannot_be_cancelled(self, world: TikTokWorld) -> None:
        publishing = Publishing(world, await connect(world))
        publish_id = await publishing.video(video_post(settings=PRIVATE))
        await world.settle()
        with pytest.raises(TikTokApiError) as caught:
            await world.api.cancel(token(publishing.grant), publish_id)
        assert rejected(caught.value) == "publish_not_cancellable"
        with pytest.raises(TikTokApiError) as caught:
            await world.api.cancel(token(publishing.grant), "v_pub_url~v2.404")
        assert rejected(caught.value) == "invalid_publish_id"
        report = await publishing.status(publish_id)
        assert report.status is TikTokPublishStatus.PUBLISH_COMPLETE

    # ---- display ----------------------------------------------------------------------------

    async def test_public_videos_are_listed_newest_first_page_by_page(
        self, world: TikTokWorld
    ) -> None:
        publishing = Publishing(world, await connect(world))
        first = await publishing.status(await publishing.video(video_post("p1", settings=PUBLIC)))
        world.advance(60)
        await publishing.video(video_post("p2", settings=PRIVATE))  # never listed
        world.advance(60)
        second = await publishing.status(
            await publishing.video(video_post("p3", settings=PUBLIC, caption="Second #two"))
        )
        api, access = world.api, token(publishing.grant)
        page = await api.list_videos(access, max_count=1)
        assert [v.id for v in page.videos] == list(second.public_post_ids)
        assert page.has_more and page.cursor is not None
        assert page.videos[0].title == "Second #two"
        rest = await api.list_videos(access, cursor=page.cursor, max_count=1)
        assert [v.id for v in rest.videos] == list(first.public_post_ids)
        assert not rest.has_more and rest.cursor is None
        assert rest.videos[0].create_time < page.videos[0].create_time

    async def test_query_returns_only_the_creators_own_videos(self, world: TikTokWorld) -> None:
        alpha = Publishing(world, await connect(world, "alpha"))
        beta = await connect(world, "beta")
        report = await alpha.status(await alpha.video(video_post(settings=PUBLIC)))
        (video_id,) = report.public_post_ids
        found = await world.api.query_videos(token(alpha.grant), [video_id, "7300000000000000001"])
        assert [v.id for v in found] == [video_id]
        assert await world.api.query_videos(token(beta), [video_id]) == []
