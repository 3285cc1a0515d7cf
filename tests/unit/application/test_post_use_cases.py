"""Composing, approving, scheduling and manual publishing, on the in-memory adapters."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import attrs
import pytest

from application.errors import NotFound
from domain.channel import PublishingMode
from domain.errors import InvalidTransition, RulesViolated
from domain.post_content import MediaKind, PostContent, PostSettings, PrivacyLevel, VideoMedia
from domain.post_state import ManualReason, PostStatus
from tests.builders import T0
from tests.unit.application.world import GOOD_VIDEO, ORG, World

S = PostStatus


async def test_create_defaults_privacy_to_the_most_private_option(world: World) -> None:
    channel = await world.connect()
    created = await world.c.create_post()(
        organisation_id=ORG,
        channel_id=channel.id,
        kind=MediaKind.VIDEO,
        content=PostContent(caption="hi"),
        settings=PostSettings(),
        media=world.video(),
        created_by="me",
    )
    assert created.post.settings.privacy_level is PrivacyLevel.SELF_ONLY
    assert any("SELF_ONLY" in w for w in created.warnings)
    assert (await world.post(created.post.id)).status is S.DRAFT


async def test_create_for_another_organisations_channel_is_not_found(world: World) -> None:
    channel = await world.connect()
    with pytest.raises(NotFound):
        await world.c.create_post()(
            organisation_id="org2",
            channel_id=channel.id,
            kind=MediaKind.VIDEO,
            content=PostContent(),
            settings=PostSettings(),
            media=None,
            created_by="x",
        )
    assert world.store.posts == {}


async def test_edit_after_approval_returns_to_draft(world: World) -> None:
    channel = await world.connect()
    post = await world.approved(channel, media=world.video())
    edited = await world.c.edit_post()(organisation_id=ORG, post_id=post.id, caption="new #caption")
    assert edited.status is S.DRAFT and edited.approved_by is None
    assert (await world.post(post.id)).content.caption == "new #caption"


async def test_schedule_runs_the_preflight_and_stores_the_time(world: World) -> None:
    channel = await world.connect()
    post = await world.approved(channel, media=world.video())
    at = T0 + timedelta(days=1)
    ready = await world.c.schedule_post()(organisation_id=ORG, post_id=post.id, at=at)
    stored = await world.post(post.id)
    assert stored.status is S.SCHEDULED and stored.scheduled_at == at
    assert ready.report is not None and ready.report.errors == ()


async def test_schedule_refuses_media_that_breaks_tiktoks_rules(world: World) -> None:
    channel = await world.connect()
    bad = attrs.evolve(GOOD_VIDEO, fps=12.0, duration_s=700.0)
    post = await world.approved(channel, media=world.video(facts=bad))
    with pytest.raises(RulesViolated) as caught:
        await world.c.schedule_post()(
            organisation_id=ORG, post_id=post.id, at=T0 + timedelta(days=1)
        )
    assert {v.code for v in caught.value.violations} >= {"fps_out_of_range", "duration_too_long"}
    assert (await world.post(post.id)).status is S.CLIENT_APPROVED  # nothing lost


async def test_schedule_checks_the_creators_limits(world: World) -> None:
    channel = await world.connect()
    world.tiktok.accounts["open-1"].creator = attrs.evolve(
        world.tiktok.accounts["open-1"].creator,
        max_video_post_duration_sec=10,
        privacy_level_options=(PrivacyLevel.PUBLIC_TO_EVERYONE,),
    )
    post = await world.approved(channel, media=world.video())
    with pytest.raises(RulesViolated) as caught:
        await world.c.schedule_post()(
            organisation_id=ORG, post_id=post.id, at=T0 + timedelta(days=1)
        )
    codes = {v.code for v in caught.value.violations}
    assert {"privacy_level_option_mismatch"} <= codes and any("duration" in c for c in codes)


async def test_a_video_post_without_video_goes_to_manual(world: World) -> None:
    channel = await world.connect()
    post = await world.approved(channel, media=None)
    ready = await world.c.publish_post_now()(organisation_id=ORG, post_id=post.id)
    assert ready.manual and ready.post.status is S.MANUAL_PENDING
    assert ready.post.manual_reason is ManualReason.NO_VIDEO


async def test_a_manual_channel_sends_posts_to_manual(world: World) -> None:
    channel = await world.connect()
    async with world.c.uow()() as uow:
        await uow.channels.save(channel.set_publishing_mode(PublishingMode.MANUAL))
        await uow.commit()
    post = await world.approved(channel, media=world.video())
    ready = await world.c.schedule_post()(
        organisation_id=ORG, post_id=post.id, at=T0 + timedelta(hours=2)
    )
    assert ready.post.manual_reason is ManualReason.MANUAL_CHANNEL


async def test_manual_kit_and_mark_manually_published(world: World) -> None:
    channel = await world.connect()
    post = await world.approved(channel, media=world.video(), caption="Do it #now")
    await world.c.move_post_to_manual()(
        organisation_id=ORG, post_id=post.id, reason=ManualReason.TIKTOK_REFUSED_API
    )
    kit = await world.c.manual_publish_kit()(organisation_id=ORG, post_id=post.id)
    assert kit.caption == "Do it #now" and kit.hashtags == ("now",)
    assert len(kit.asset_links) == 1 and "v/clip.mp4" in kit.asset_links[0]
    assert kit.deep_link.startswith("https://") and kit.reason == "tiktok_refused_api"
    done = await world.c.mark_post_manually_published()(
        organisation_id=ORG,
        post_id=post.id,
        url="https://www.tiktok.com/@brand/video/1",
        marked_by="me",
    )
    assert done.status is S.PUBLISHED
    assert (await world.post(post.id)).events[-1].name == "PostManuallyPublished"


async def test_unschedule_and_retry(world: World) -> None:
    channel = await world.connect()
    post = await world.approved(channel, media=world.video())
    await world.c.schedule_post()(organisation_id=ORG, post_id=post.id, at=T0 + timedelta(days=1))
    back = await world.c.unschedule_post()(organisation_id=ORG, post_id=post.id)
    assert back.status is S.CLIENT_APPROVED
    with pytest.raises(InvalidTransition):
        await world.c.retry_post()(organisation_id=ORG, post_id=post.id)


async def test_photo_posts_are_validated_per_photo(world: World) -> None:
    channel = await world.connect()
    media = world.photos(3)
    second = media.keys[1]
    world.probe.photos[second] = attrs.evolve(world.probe.photos[second], format="png")
    post = await world.approved(channel, media=media)
    with pytest.raises(RulesViolated) as caught:
        await world.c.publish_post_now()(organisation_id=ORG, post_id=post.id)
    (violation,) = caught.value.violations
    assert violation.code == "photo_format_unsupported" and "p/1.jpg" in violation.message


async def test_scheduling_past_the_daily_cap_warns(world: World) -> None:
    channel = await world.connect()
    media = world.video()
    warnings: tuple[str, ...] = ()
    for n in range(16):
        post = await world.approved(channel, media=media)
        ready = await world.c.schedule_post()(
            organisation_id=ORG, post_id=post.id, at=T0 + timedelta(hours=1, minutes=n)
        )
        warnings = ready.warnings
        if n < 14:
            assert not any("Direct Posts" in w for w in warnings)
    assert any("16 Direct Posts" in w and "spam_risk_too_many_posts" in w for w in warnings)


class TestMediaKeysInUseCases:
    """The organisation's prefix is checked by the use-cases: HTTP, CLI and workers alike."""

    async def test_create_refuses_a_dot_dot_key_into_another_organisation(
        self, world: World
    ) -> None:
        channel = await world.connect(org="other")
        theirs = world.video()  # org1's file
        with pytest.raises(RulesViolated) as caught:
            await world.c.create_post()(
                organisation_id="other",
                channel_id=channel.id,
                kind=MediaKind.VIDEO,
                content=PostContent(),
                settings=PostSettings(privacy_level=PrivacyLevel.SELF_ONLY),
                media=VideoMedia(f"orgs/other/../{theirs.key}"),
                created_by="x",
            )
        assert caught.value.violations[0].code == "media_key_invalid"
        assert world.store.posts == {}

    async def test_edit_refuses_another_organisations_key(self, world: World) -> None:
        channel = await world.connect()
        post = await world.draft(channel, media=world.video())
        with pytest.raises(RulesViolated) as caught:
            await world.c.edit_post()(
                organisation_id=ORG, post_id=post.id, media=VideoMedia("orgs/other/1/x.mp4")
            )
        assert caught.value.violations[0].code == "media_key_foreign"

    async def test_a_stored_foreign_key_is_never_read_by_preflight_or_the_kit(
        self, world: World
    ) -> None:
        channel = await world.connect()
        post = await world.draft(channel, media=world.video())
        world.storage.put_bytes("orgs/other/1/x.mp4", b"secret", "video/mp4")
        async with world.c.uow()() as uow:  # a row written before the rule existed
            await uow.posts.save(attrs.evolve(post, media=VideoMedia("orgs/other/1/x.mp4")))
            await uow.commit()
        report = await world.c.preflight_post()(organisation_id=ORG, post_id=post.id)
        assert [i.issue.code for i in report.errors] == ["media_key_foreign"]
        with pytest.raises(RulesViolated):
            await world.c.manual_publish_kit()(organisation_id=ORG, post_id=post.id)

    async def test_upload_puts_the_file_under_the_organisation(
        self, world: World, tmp_path: Path
    ) -> None:
        path = tmp_path / "f"
        path.write_bytes(b"x")
        stored = await world.c.upload_media()(
            organisation_id=ORG, name="clip.mp4", path=path, content_type="video/mp4"
        )
        assert stored.key.startswith(f"orgs/{ORG}/") and stored.key.endswith("/clip.mp4")
        with pytest.raises(RulesViolated):
            await world.c.upload_media()(
                organisation_id=ORG, name="../x.mp4", path=path, content_type="video/mp4"
            )
