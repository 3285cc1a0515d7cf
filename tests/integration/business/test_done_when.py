"""Issue 17's "done when", on the sandbox: connect a business account, sync 8 weeks of
metrics, an insight whose completion trend and watch time match what the sandbox reported
(computed here independently); 1,000 comments ingested once each through duplicated,
delayed webhooks plus a polling pass; a reply retried after a lost answer posted once."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import attrs
import pytest

from adapters.sandbox.business import BusinessSettings
from application.errors import TikTokApiError
from domain.business_connection import Capability, ConnectionKind, connections_of
from domain.channel import ChannelStatus
from domain.comments import ReplyState
from domain.outgoing_events import EventType
from tests.integration.business.harness import FAST_WINDOW_S, running_sandbox, wait_until
from tests.integration.business.world import World, webhook_receiver

pytestmark = pytest.mark.slow


class TestConnectAndInsight:
    async def test_eight_weeks_synced_and_the_insight_matches_the_sandbox(self) -> None:
        async with running_sandbox() as biz:
            world = World(biz, biz.client())
            connected = await world.connect_account()
            assert connected.created and connected.connection.is_business_account
            views = connections_of(connected.channel, connected.connection)
            assert [v.kind for v in views] == [ConnectionKind.ACCOUNTS_API]
            assert Capability.COMMENTS_MANAGE in views[0].capabilities
            channel_id = connected.channel.id
            async with world.uow() as uow:  # the channel reads its figures in Berlin time
                channel = await uow.channels.get(channel_id)
                await uow.channels.save(attrs.evolve(channel, time_zone="Europe/Berlin"))
                await uow.commit()
            synced = await world.sync()(channel_id=channel_id)
            assert synced.days >= 56 and synced.audience.available  # 8 weeks and more
            insight = await world.insight()(channel_id=channel_id)

            reported = await biz.control("GET", "/accounts/sandbox_business/videos")
            now, tz = biz.clock.now(), ZoneInfo("Europe/Berlin")
            lag, idle = (
                biz.sandbox.settings.metric_lag_days,
                biz.sandbox.settings.inactive_after_days,
            )
            measured = [
                v
                for v in reported
                if now.timestamp() - v["create_time"] >= lag * 86_400
                and now.timestamp() - v["last_activity"] <= idle * 86_400
            ]
            weeks: dict[str, list[float]] = defaultdict(list)
            for v in measured:
                local = datetime.fromtimestamp(v["create_time"], tz)
                monday = (local - timedelta(days=local.weekday())).date().isoformat()
                weeks[monday].append(v["full_video_watched_rate"])
            trend = insight.completion_trend
            assert trend.available and len(trend.points) >= 8
            assert {
                p.week_start.date().isoformat(): round(p.completion_rate, 6) for p in trend.points
            } == {w: round(sum(r) / len(r), 6) for w, r in weeks.items()}
            assert [p.sample_size for p in trend.points] == [len(weeks[w]) for w in sorted(weeks)]
            assert trend.direction == "rising"  # the sandbox's completion improves with time

            recent = [v for v in measured if now.timestamp() - v["create_time"] <= 30 * 86_400]
            watch = insight.watch
            assert watch.available
            assert watch.average_watch_time_s.sample_size == len(recent)
            assert watch.average_watch_time_s.value == pytest.approx(
                sum(v["total_time_watched"] for v in recent) / sum(v["views"] for v in recent)
            )
            assert watch.average_reach.value == pytest.approx(
                sum(v["reach"] for v in recent) / len(recent)
            )
            assert watch.traffic_sources and watch.traffic_sources[0].name == "For You"
            assert watch.audience_hours and watch.audience_hours[0].label.endswith(":00")

    async def test_a_small_account_says_why_there_is_no_audience(self) -> None:
        async with running_sandbox() as biz:
            world = World(biz, biz.client())
            connected = await world.connect_account("sandbox_small")
            synced = await world.sync()(channel_id=connected.channel.id)
            assert not synced.audience.available and "100 followers" in synced.audience.reason
            insight = await world.insight()(channel_id=connected.channel.id)
            assert insight.watch.audience_hours == () and insight.watch.audience_hours_reason

    async def test_a_refused_refresh_expires_the_connection_and_alerts(self) -> None:
        async with running_sandbox() as biz:
            world = World(biz, biz.client())
            connected = await world.connect_account()
            biz.clock.advance(timedelta(hours=23, minutes=45))
            done = await world.refresh()(connection_id=connected.connection.id)
            assert done.refreshed
            for grant in biz.sandbox.state.refresh.values():
                grant.revoked = True
            refused = await world.refresh()(connection_id=connected.connection.id, force=True)
            assert refused.connection.status is ChannelStatus.EXPIRED and refused.reason == "40107"
            assert world.notifier.alerts and world.notifier.alerts[0].kind == "channel_expired"


class TestComments:
    async def test_a_thousand_comments_ingested_once_each(self) -> None:
        settings = BusinessSettings(
            webhook_delay_s=0.3, webhook_duplicate_rate=0.3, rate_window_s=FAST_WINDOW_S
        )
        async with running_sandbox(settings) as biz:
            world = World(biz, biz.client())
            connected = await world.connect_account()
            async with webhook_receiver(world) as url:
                biz.sandbox.settings.webhook_url = url
                made = await biz.control(
                    "POST", "/comments", {"username": "sandbox_business", "count": 1000}
                )
                await wait_until(lambda: world.deliveries >= 1000, timeout=60)
                await biz.control("POST", "/webhooks/drain")
            duplicates = world.deliveries - 1000
            assert duplicates > 100 and world.refused == 0
            synced = await world.sync_comments()(
                channel_id=connected.channel.id, video_id=made["video_id"]
            )
            assert synced.seen == 1000 and synced.new == 0  # the webhooks had them all
            async with world.uow() as uow:
                thread = await uow.comments.thread(connected.channel.id, made["video_id"])
                (conversation,) = await uow.comments.conversations(connected.channel.id)
            assert sorted(c.comment_id for c in thread) == sorted(made["comment_ids"])
            assert conversation.messages == 1000 and conversation.unread == 1000
            async with world.uow() as uow:  # one comment.received event each (ADR 0020)
                events = await uow.outbox.list(
                    connected.channel.organisation_id,
                    event_type=EventType.COMMENT_RECEIVED,
                    limit=2000,
                )
            assert sorted(e.data["comment_id"] for e in events) == sorted(made["comment_ids"])

    async def test_polling_alone_finds_every_comment_across_overlapping_pages(self) -> None:
        async with running_sandbox() as biz:
            world = World(biz, biz.client())
            connected = await world.connect_account()
            made = await biz.control(
                "POST", "/comments", {"username": "sandbox_business", "count": 700}
            )
            first = await world.sync_comments()(channel_id=connected.channel.id)
            again = await world.sync_comments()(channel_id=connected.channel.id)
            assert first.new == 700 and again.new == 0
            async with world.uow() as uow:
                thread = await uow.comments.thread(connected.channel.id, made["video_id"])
            assert len(thread) == 700

    async def test_a_reply_retried_after_a_lost_answer_is_posted_once(self) -> None:
        async with running_sandbox() as biz:
            world = World(biz, biz.client())
            connected = await world.connect_account()
            made = await biz.control("POST", "/comments", {"username": "sandbox_business"})
            await world.sync_comments()(channel_id=connected.channel.id, video_id=made["video_id"])
            biz.sandbox.settings.faults.lose_next_reply_answers = 1
            ask = {
                "organisation_id": "org1",
                "channel_id": connected.channel.id,
                "comment_id": made["comment_ids"][0],
                "text": "Thank you!",
            }
            outcome = await world.reply()(**ask)  # the answer is lost: found by listing
            assert outcome.found_after_lost_answer and outcome.intent.state is ReplyState.POSTED
            again = await world.reply()(**ask)  # the caller retries anyway
            assert (
                not again.sent and again.intent.reply_comment_id == outcome.intent.reply_comment_id
            )
            assert biz.sandbox.state.replies_created == 1
            async with world.uow() as uow:
                thread = await uow.comments.thread(connected.channel.id, made["video_id"])
            assert [c.owner for c in thread] == [False, True]

    async def test_a_lost_answer_not_yet_listed_is_checked_before_resending(self) -> None:
        async with running_sandbox() as biz:
            world = World(biz, biz.client())
            connected = await world.connect_account()
            made = await biz.control("POST", "/comments", {"username": "sandbox_business"})
            await world.sync_comments()(channel_id=connected.channel.id, video_id=made["video_id"])
            ask = {
                "organisation_id": "org1",
                "channel_id": connected.channel.id,
                "comment_id": made["comment_ids"][0],
                "text": "Thank you!",
            }
            biz.sandbox.settings.faults.error_rate = 1.0  # 51000: TikTok may or may not have it
            with pytest.raises(TikTokApiError):
                await world.reply()(**ask)
            biz.sandbox.settings.faults.error_rate = 0.0
            outcome = await world.reply()(**ask)  # listed first, absent, then sent
            assert outcome.sent and outcome.intent.state is ReplyState.POSTED
            assert biz.sandbox.state.replies_created == 1
