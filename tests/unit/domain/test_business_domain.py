"""Accounts API connections, insight figures and comment rules."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from domain.business_connection import (
    BusinessConnection,
    Capability,
    ConnectionKind,
    ConnectionUnusable,
    capabilities_of,
    connections_of,
)
from domain.business_insights import (
    AccountDay,
    VideoInsight,
    audience_best_hours,
    audience_unavailable_reason,
    average_watch_time,
    latest_insights,
    traffic_sources,
)
from domain.channel import ChannelStatus, TokenSet
from domain.comments import (
    Comment,
    CommentAction,
    NotOurComment,
    ReplyIntent,
    Visibility,
)
from domain.errors import RulesViolated
from domain.figures import Share
from tests.builders import T0, channel

SCOPES = "user.insights,video.list,video.insights,comment.list"


def tokens(scope: str = SCOPES) -> TokenSet:
    return TokenSet.from_grant(
        access_token="act.1",
        refresh_token="rft.1",
        expires_in=86_400,
        refresh_expires_in=31_536_000,
        scope=scope,
        now=T0,
    )


def connection(scope: str = SCOPES) -> BusinessConnection:
    return BusinessConnection.connect(
        connection_id="b1",
        organisation_id="org1",
        channel_id="c1",
        business_id="biz-1",
        tokens=tokens(scope),
        now=T0,
    )


class TestConnections:
    def test_capabilities_follow_the_granted_scopes(self) -> None:
        caps = connection().capabilities
        assert Capability.VIDEO_INSIGHTS in caps and Capability.COMMENTS_READ in caps
        assert Capability.COMMENTS_MANAGE not in caps  # comment.list.manage not granted
        assert capabilities_of(ConnectionKind.LOGIN_KIT, {"video.publish", "video.upload"}) == {
            Capability.PUBLISH
        }

    def test_a_channel_shows_each_connection_it_holds(self) -> None:
        views = connections_of(channel(), connection())
        assert [v.kind for v in views] == [ConnectionKind.LOGIN_KIT, ConnectionKind.ACCOUNTS_API]
        assert views[1].account_id == "biz-1"

    def test_expired_connection_gives_nothing_and_says_reconnect(self) -> None:
        expired = connection().expire(reason="40103", now=T0)
        assert expired.status is ChannelStatus.EXPIRED and expired.capabilities == frozenset()
        with pytest.raises(ConnectionUnusable):
            expired.access_token()

    def test_a_missing_scope_is_refused_by_capability(self) -> None:
        with pytest.raises(ConnectionUnusable, match="comments_manage"):
            connection().access_token(Capability.COMMENTS_MANAGE)

    def test_refresh_is_due_before_expiry(self) -> None:
        c = connection()
        assert not c.needs_refresh(now=T0, margin=timedelta(minutes=15))
        assert c.needs_refresh(
            now=T0 + timedelta(hours=23, minutes=50), margin=timedelta(minutes=15)
        )
        assert c.disconnect(now=T0).tokens is None


def insight(
    video_id: str,
    *,
    days_ago: float,
    views: int | None = 1000,
    watched: float | None = 4000.0,
    rate: float | None = 0.3,
    captured: datetime = T0,
) -> VideoInsight:
    return VideoInsight(
        "c1",
        video_id,
        captured,
        T0 - timedelta(days=days_ago),
        views=views,
        total_time_watched_s=watched,
        full_video_watched_rate=rate,
        reach=None if watched is None else 800,
        impression_sources=(Share("For You", 0.75), Share("Follow", 0.25)) if views else (),
    )


class TestInsightFigures:
    def test_average_watch_time_is_total_watch_over_views_with_its_sample(self) -> None:
        figure = average_watch_time(
            [
                insight("a", days_ago=1),
                insight("b", days_ago=2, views=3000, watched=6000.0),
                insight("c", days_ago=3, watched=None),
                insight("old", days_ago=40),
            ],
            now=T0,
        )
        assert figure.value == pytest.approx(10_000 / 4000) and figure.sample_size == 2

    def test_emptied_fields_keep_the_last_known_value_never_zero(self) -> None:
        earlier = insight("a", days_ago=20, captured=T0 - timedelta(days=10))
        emptied = insight("a", days_ago=20, watched=None, rate=None)
        (latest,) = latest_insights([earlier, emptied], now=T0)
        assert latest.total_time_watched_s == 4000.0 and latest.full_video_watched_rate == 0.3
        (only,) = latest_insights([emptied], now=T0)
        assert only.full_video_watched_rate is None and only.as_snapshot().completion_rate is None

    def test_traffic_sources_are_view_weighted(self) -> None:
        shares, sample = traffic_sources(
            [insight("a", days_ago=1), insight("b", days_ago=1, views=3000)]
        )
        assert sample == 2 and shares[0] == Share("For You", 0.75)

    def test_audience_hours_move_to_the_channels_time_zone(self) -> None:
        day = AccountDay(
            "c1",
            date(2026, 7, 1),
            T0,
            audience_activity=tuple((h, 100 if h == 16 else 1) for h in range(24)),
        )
        hours, why = audience_best_hours([day], tz=ZoneInfo("Europe/Berlin"))
        assert why == "" and hours[0].hour == 18 and hours[0].sample_size == 1  # UTC+2 in July
        none, reason = audience_best_hours([], tz=UTC)
        assert none == () and "100" in reason

    def test_the_audience_reason_names_what_is_missing(self) -> None:
        assert "Personal" in audience_unavailable_reason(5000, False)
        assert "60" in audience_unavailable_reason(60, True)


def comment(
    cid: str = "k1",
    *,
    owner: bool = False,
    parent: str | None = None,
    text: str = "hi",
    at: datetime = T0,
) -> Comment:
    return Comment.received(
        channel_id="c1",
        comment_id=cid,
        video_id="v1",
        created_at=at,
        text=text,
        parent_id=parent,
        owner=owner,
    )


class TestComments:
    def test_fans_comments_arrive_unread_ours_read(self) -> None:
        assert comment().unread and not comment(owner=True).unread

    def test_merging_keeps_read_state_and_a_deletion(self) -> None:
        read = comment().apply(CommentAction.DELETE, at=T0)
        merged = read.merged(comment(text="edited"))
        assert merged.visibility is Visibility.DELETED and merged.text == "edited"

    def test_only_our_comments_can_be_deleted(self) -> None:
        with pytest.raises(NotOurComment):
            comment().check_deletable()
        comment(owner=True).check_deletable()

    def test_reply_text_limits(self) -> None:
        with pytest.raises(RulesViolated, match="150"):
            ReplyIntent.new(
                intent_id="r",
                organisation_id="org1",
                channel_id="c1",
                parent=comment(),
                text="x" * 151,
                now=T0,
            )

    def test_a_lost_reply_is_found_by_owner_parent_and_text_once(self) -> None:
        intent = ReplyIntent.new(
            intent_id="r",
            organisation_id="org1",
            channel_id="c1",
            parent=comment(),
            text="Thanks!",
            now=T0,
        )
        replies = [
            comment("x1", owner=False, parent="k1", text="Thanks!", at=T0),
            comment("x2", owner=True, parent="k1", text="Thanks!", at=T0 - timedelta(hours=1)),
            comment("x3", owner=True, parent="k1", text="Thanks!", at=T0 + timedelta(seconds=1)),
        ]
        found = intent.find_in(replies, claimed=frozenset())
        assert found is not None and found.comment_id == "x3"
        assert intent.find_in(replies, claimed=frozenset({"x3"})) is None
        assert intent.same_as(comment_id="k1", text="Thanks!", now=T0 + timedelta(minutes=5))
        assert not intent.failed("x").same_as(comment_id="k1", text="Thanks!", now=T0)
