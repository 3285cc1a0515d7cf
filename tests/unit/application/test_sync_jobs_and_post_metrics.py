"""Sync on demand as a job, the channel's videos marked where they came from us, and a
post's own metrics over time."""

from __future__ import annotations

from datetime import timedelta

import attrs
import pytest

from application.errors import NotFound
from application.ports import TikTokVideo
from domain.errors import RulesViolated
from domain.post_content import PostSettings, PrivacyLevel
from domain.sync_job import SyncJobStatus, SyncScope
from tests.unit.application.world import OPEN_ID, ORG, World


async def published_post(world: World) -> str:
    channel = await world.connect()
    public = PostSettings(privacy_level=PrivacyLevel.PUBLIC_TO_EVERYONE)
    post = await world.due(channel, media=world.video(), settings=public)
    await world.c.publish_due_post()(post_id=post.id)
    await world.c.track_publish_status()(post_id=post.id)
    return post.id


class TestSyncJobs:
    async def test_a_job_syncs_every_channel_and_reports_progress(self, world: World) -> None:
        await world.connect()
        await world.connect("open-2")
        job = await world.c.start_sync()(organisation_id=ORG, scope=SyncScope.BOTH)
        assert job.status is SyncJobStatus.QUEUED and job.progress == 0
        done = await world.c.run_sync_jobs()()
        assert done is not None and done.status is SyncJobStatus.DONE
        shown = await world.c.show_sync_job()(organisation_id=ORG, job_id=job.id)
        assert shown.progress == 1.0 and set(shown.synced) == set(job.channel_ids)
        assert len(world.store.account_snapshots) == 2
        assert await world.c.run_sync_jobs()() is None

    async def test_a_failing_channel_is_recorded_and_the_rest_goes_on(self, world: World) -> None:
        first = await world.connect()
        await world.connect("open-2")
        async with world.c.uow()() as uow:  # the first one lost its access meanwhile
            channel = await uow.channels.get(first.id)
            await uow.channels.save(channel.expire(reason="revoked", now=world.clock.now()))
            await uow.commit()
        job = await world.c.start_sync()(
            organisation_id=ORG, scope=SyncScope.METRICS, channel_id=first.id
        )
        done = await world.c.run_sync_jobs()()
        assert done is not None and done.status is SyncJobStatus.DONE
        assert [c for c, _ in done.failures] == [first.id] and done.synced == ()
        assert job.id == done.id

    async def test_a_videos_sync_snapshots_every_video_now(self, world: World) -> None:
        await published_post(world)
        job = await world.c.start_sync()(organisation_id=ORG, scope=SyncScope.VIDEOS)
        await world.c.run_sync_jobs()()
        assert world.store.account_snapshots == []  # videos only
        assert len(world.store.video_snapshots) >= 1
        before = len(world.store.video_snapshots)
        world.clock.advance(timedelta(minutes=1))  # not due by the cadence, taken anyway
        await world.c.start_sync()(organisation_id=ORG, scope=SyncScope.VIDEOS)
        await world.c.run_sync_jobs()()
        assert len(world.store.video_snapshots) == 2 * before
        assert job.scope is SyncScope.VIDEOS

    async def test_a_crashed_workers_job_is_taken_again_where_it_stopped(
        self, world: World
    ) -> None:
        await world.connect()
        job = await world.c.start_sync()(organisation_id=ORG, scope=SyncScope.METRICS)
        async with world.c.uow()() as uow:  # a worker leased it and died
            await uow.sync_jobs.claim(
                now=world.clock.now(), worker_id="dead", lease_for=timedelta(minutes=10)
            )
        assert await world.c.run_sync_jobs()() is None  # its lease still holds
        world.clock.advance(timedelta(minutes=11))
        done = await world.c.run_sync_jobs()()
        assert done is not None and done.id == job.id and done.status is SyncJobStatus.DONE

    async def test_no_channel_or_another_organisations_is_refused(self, world: World) -> None:
        with pytest.raises(RulesViolated):
            await world.c.start_sync()(organisation_id=ORG, scope=SyncScope.BOTH)
        channel = await world.connect()
        with pytest.raises(NotFound):
            await world.c.start_sync()(
                organisation_id="org2", scope=SyncScope.BOTH, channel_id=channel.id
            )
        job = await world.c.start_sync()(organisation_id=ORG, scope=SyncScope.BOTH)
        with pytest.raises(NotFound):
            await world.c.show_sync_job()(organisation_id="org2", job_id=job.id)


class TestVideosAndPostMetrics:
    async def test_the_channels_videos_say_which_came_from_us(self, world: World) -> None:
        post_id = await published_post(world)
        channel = (await world.post(post_id)).channel_id
        posted_in_app = TikTokVideo("in-app-1", int(world.clock.now().timestamp()))
        world.tiktok.videos[OPEN_ID].append(posted_in_app)
        found = await world.c.list_channel_videos()(organisation_id=ORG, channel_id=channel)
        ours = [v.id for v in found.page.videos if v.id in found.posted_as]
        post = await world.post(post_id)
        assert ours == list(post.tiktok_post_ids)
        assert found.posted_as == {post.tiktok_post_ids[0]: post_id}
        assert "in-app-1" in [v.id for v in found.page.videos]

    async def test_a_posts_metrics_follow_its_video_over_time(self, world: World) -> None:
        post_id = await published_post(world)
        post = await world.post(post_id)
        empty = await world.c.show_post_metrics()(organisation_id=ORG, post_id=post_id)
        assert empty.points == [] and empty.latest is None
        videos = world.tiktok.videos[OPEN_ID]
        for views in (100, 250):
            videos[:] = [
                attrs.evolve(v, view_count=views) if v.id in post.tiktok_post_ids else v
                for v in videos
            ]
            await world.c.start_sync()(organisation_id=ORG, scope=SyncScope.VIDEOS)
            await world.c.run_sync_jobs()()
            world.clock.advance(timedelta(hours=1))
        metrics = await world.c.show_post_metrics()(organisation_id=ORG, post_id=post_id)
        assert [p.views for p in metrics.points] == [100, 250]
        assert metrics.latest is not None and metrics.latest.views == 250
        assert metrics.video_ids == post.tiktok_post_ids
        with pytest.raises(NotFound):
            await world.c.show_post_metrics()(organisation_id="org2", post_id=post_id)
