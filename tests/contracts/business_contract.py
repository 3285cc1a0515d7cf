"""The contract every adapter of the Accounts API's repositories keeps (memory, Postgres)."""

from __future__ import annotations

from datetime import date, timedelta

import attrs
import pytest

from application.errors import Conflict, NotFound
from application.ports import UnitOfWorkFactory
from domain.business_connection import BusinessConnection
from domain.business_insights import AccountDay, AudienceSnapshot, VideoInsight
from domain.channel import ChannelStatus, TokenSet
from domain.comments import Comment, CommentAction, ReplyIntent, ReplyState, Visibility
from domain.figures import Share
from tests.builders import LATER, T0, channel

TOKENS = TokenSet.from_grant(
    access_token="act.secret-access",
    refresh_token="rft.secret-refresh",
    expires_in=86_400,
    refresh_expires_in=31_536_000,
    scope="user.insights,comment.list",
    now=T0,
)


def connection(
    cid: str = "b1", channel_id: str = "c1", business_id: str = "biz-1"
) -> BusinessConnection:
    return BusinessConnection.connect(
        connection_id=cid,
        organisation_id="org1",
        channel_id=channel_id,
        business_id=business_id,
        tokens=TOKENS,
        now=T0,
    )


def comment(
    cid: str, *, video: str = "v1", parent: str | None = None, owner: bool = False, minutes: int = 0
) -> Comment:
    return Comment.received(
        channel_id="c1",
        comment_id=cid,
        video_id=video,
        created_at=T0 + timedelta(minutes=minutes),
        text=f"text {cid}",
        parent_id=parent,
        owner=owner,
        likes=3,
    )


class BusinessRepositoriesContract:
    @pytest.fixture
    def uow_factory(self) -> UnitOfWorkFactory:
        raise NotImplementedError

    @pytest.fixture(autouse=True)
    async def _channel(self, uow_factory: UnitOfWorkFactory) -> None:
        async with uow_factory() as uow:
            await uow.channels.add(channel())
            await uow.channels.add(channel("c2", open_id="open-2"))
            await uow.commit()

    async def test_a_connection_round_trips_with_its_tokens(
        self, uow_factory: UnitOfWorkFactory
    ) -> None:
        async with uow_factory() as uow:
            stored = await uow.business_connections.add(connection())
            await uow.commit()
        async with uow_factory() as uow:
            loaded = await uow.business_connections.get("b1")
            assert loaded == stored and loaded.tokens == TOKENS
            assert await uow.business_connections.for_channel("c1") == stored
            assert [c.id for c in await uow.business_connections.with_business_id("biz-1")] == [
                "b1"
            ]
            due = await uow.business_connections.needing_refresh(before=T0 + timedelta(days=2))
            assert [c.id for c in due] == ["b1"]
            assert await uow.business_connections.needing_refresh(before=T0) == []

    async def test_one_connection_per_channel(self, uow_factory: UnitOfWorkFactory) -> None:
        async with uow_factory() as uow:
            await uow.business_connections.add(connection())
            await uow.commit()
        with pytest.raises(Conflict):
            async with uow_factory() as uow:
                await uow.business_connections.add(connection("b2"))
                await uow.commit()

    async def test_stale_saves_conflict_and_rollback_forgets(
        self, uow_factory: UnitOfWorkFactory
    ) -> None:
        async with uow_factory() as uow:
            stored = await uow.business_connections.add(connection())
            await uow.commit()
        async with uow_factory() as uow:
            await uow.business_connections.save(stored.expire(reason="x", now=LATER))
            await uow.commit()
        with pytest.raises(Conflict):
            async with uow_factory() as uow:
                await uow.business_connections.save(stored.disconnect(now=LATER))
                await uow.commit()
        async with uow_factory() as uow:
            await uow.business_connections.add(connection("b9", channel_id="c2"))
        async with uow_factory() as uow:
            assert (await uow.business_connections.get("b1")).status is ChannelStatus.EXPIRED
            with pytest.raises(NotFound):
                await uow.business_connections.get("b9")

    async def test_disconnected_connections_are_found_for_purging(
        self, uow_factory: UnitOfWorkFactory
    ) -> None:
        async with uow_factory() as uow:
            stored = await uow.business_connections.add(connection())
            await uow.business_connections.save(stored.disconnect(now=LATER))
            await uow.commit()
        async with uow_factory() as uow:
            gone = await uow.business_connections.disconnected_before(LATER + timedelta(days=1))
            assert [c.id for c in gone] == ["b1"] and gone[0].tokens is None
            assert await uow.business_connections.disconnected_before(LATER) == []

    async def test_days_replace_earlier_captures_and_keep_nulls(
        self, uow_factory: UnitOfWorkFactory
    ) -> None:
        day = AccountDay(
            "c1", date(2026, 3, 1), T0, video_views=10, reach=None, audience_activity=((18, 40),)
        )
        async with uow_factory() as uow:
            await uow.business_metrics.put_days([day, attrs.evolve(day, day=date(2026, 3, 2))])
            await uow.commit()
        async with uow_factory() as uow:
            await uow.business_metrics.put_days(
                [attrs.evolve(day, captured_at=LATER, video_views=12)]
            )
            await uow.commit()
        async with uow_factory() as uow:
            days = await uow.business_metrics.days("c1", since=date(2026, 3, 1))
            later = await uow.business_metrics.days("c1", since=date(2026, 3, 2))
        assert [d.video_views for d in days] == [12, 10] and days[0].reach is None
        assert days[0].audience_activity == ((18, 40),) and len(later) == 1

    async def test_audience_and_video_insights_round_trip(
        self, uow_factory: UnitOfWorkFactory
    ) -> None:
        audience = AudienceSnapshot("c1", T0, True, "", ages=(Share("18-24", 0.4),))
        video = VideoInsight(
            "c1",
            "v1",
            T0,
            T0 - timedelta(days=3),
            views=100,
            reach=None,
            full_video_watched_rate=0.25,
            retention=((0, 1.0), (5, 0.5)),
            impression_sources=(Share("For You", 0.9),),
        )
        async with uow_factory() as uow:
            await uow.business_metrics.add_audience(audience)
            await uow.business_metrics.add_audience(AudienceSnapshot("c1", LATER, False, "too few"))
            await uow.business_metrics.add_video_insights([video])
            await uow.commit()
        async with uow_factory() as uow:
            assert (await uow.business_metrics.latest_audience("c1")) == AudienceSnapshot(
                "c1", LATER, False, "too few"
            )
            assert list(
                await uow.business_metrics.video_insights("c1", since=T0 - timedelta(days=5))
            ) == [video]
            assert await uow.business_metrics.video_insights("c1", since=T0) == []

    async def test_a_comment_is_stored_once(self, uow_factory: UnitOfWorkFactory) -> None:
        async with uow_factory() as uow:
            assert await uow.comments.add_if_new(comment("k1"))
            assert not await uow.comments.add_if_new(comment("k1"))
            await uow.commit()
        async with uow_factory() as uow:
            assert not await uow.comments.add_if_new(attrs.evolve(comment("k1"), text="other"))
            assert (await uow.comments.get("c1", "k1")) == comment("k1")
            assert await uow.comments.get("c2", "k1") is None

    async def test_threads_conversations_and_unread(self, uow_factory: UnitOfWorkFactory) -> None:
        async with uow_factory() as uow:
            for c in (
                comment("k1"),
                comment("k2", minutes=1),
                comment("r1", parent="k1", owner=True, minutes=2),
                comment("x1", video="v2", minutes=5),
            ):
                await uow.comments.add_if_new(c)
            await uow.commit()
        async with uow_factory() as uow:
            thread = await uow.comments.thread("c1", "v1")
            convos = await uow.comments.conversations("c1")
            replies = await uow.comments.replies_to("c1", "k1")
            assert [c.comment_id for c in thread] == ["k1", "k2", "r1"]
            assert [(c.video_id, c.messages, c.unread, c.unanswered) for c in convos] == [
                ("v2", 1, 1, 1),
                ("v1", 3, 2, 1),  # k1 has our reply r1; k2 has none
            ]
            assert [r.comment_id for r in replies] == ["r1"]
            assert await uow.comments.mark_read("c1", "v1") == 2
            hidden = (await uow.comments.get("c1", "k2")).apply(
                CommentAction.SET_TO_HIDDEN, at=LATER
            )  # type: ignore[union-attr]
            await uow.comments.save(hidden)
            await uow.commit()
        async with uow_factory() as uow:
            (v1,) = [c for c in await uow.comments.conversations("c1") if c.video_id == "v1"]
            assert v1.unread == 0 and v1.unanswered == 1  # hidden still awaits a reply
            assert (await uow.comments.get("c1", "k2")).visibility is Visibility.HIDDEN  # type: ignore[union-attr]
            await uow.comments.save(
                (await uow.comments.get("c1", "k2")).apply(CommentAction.DELETE, at=LATER)  # type: ignore[union-attr]
            )
            await uow.commit()
        async with uow_factory() as uow:
            (v1,) = [c for c in await uow.comments.conversations("c1") if c.video_id == "v1"]
            assert v1.unanswered == 0  # a deleted comment needs no answer

    async def test_reply_intents_are_versioned(self, uow_factory: UnitOfWorkFactory) -> None:
        intent = ReplyIntent.new(
            intent_id="i1",
            organisation_id="org1",
            channel_id="c1",
            parent=comment("k1"),
            text="hi",
            now=T0,
        )
        async with uow_factory() as uow:
            stored = await uow.reply_intents.add(intent)
            await uow.commit()
        async with uow_factory() as uow:
            await uow.reply_intents.save(stored.sending())
            await uow.commit()
        with pytest.raises(Conflict):
            async with uow_factory() as uow:
                await uow.reply_intents.save(stored.posted("r1"))
                await uow.commit()
        async with uow_factory() as uow:
            (loaded,) = await uow.reply_intents.for_comment("c1", "k1")
            assert (
                loaded.attempts == 1 and loaded.state is ReplyState.PENDING and loaded.version == 2
            )
            assert await uow.reply_intents.for_video("c1", "v1") == [loaded]
            assert await uow.reply_intents.for_video("c1", "v2") == []
            assert await uow.reply_intents.for_video("c2", "v1") == []

    async def test_purge_removes_every_business_row_of_the_channel(
        self, uow_factory: UnitOfWorkFactory
    ) -> None:
        async with uow_factory() as uow:
            await uow.business_metrics.put_days(
                [AccountDay("c1", date(2026, 3, 1), T0, video_views=1)]
            )
            await uow.business_metrics.add_video_insights([VideoInsight("c1", "v1", T0, T0)])
            await uow.comments.add_if_new(comment("k1"))
            await uow.reply_intents.add(
                ReplyIntent.new(
                    intent_id="i1",
                    organisation_id="org1",
                    channel_id="c1",
                    parent=comment("k1"),
                    text="hi",
                    now=T0,
                )
            )
            await uow.commit()
        async with uow_factory() as uow:
            gone = (
                await uow.business_metrics.purge_channel("c1")
                + await uow.comments.purge_channel("c1")
                + await uow.reply_intents.purge_channel("c1")
            )
            await uow.commit()
        assert gone == 4
        async with uow_factory() as uow:
            assert await uow.comments.get("c1", "k1") is None
            assert await uow.business_metrics.days("c1", since=date(2026, 1, 1)) == []
            assert await uow.reply_intents.for_comment("c1", "k1") == []
