"""ChannelInsight rules: every figure carries its sample; nothing is invented."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from domain.insights import (
    VideoSnapshot,
    average_views,
    best_days,
    best_formats,
    best_hours,
    completion_trend,
    compute_insight,
    latest_per_video,
    snapshot_cadence,
    top_hashtags,
)

NOW = datetime(2026, 6, 29, 12, 0, tzinfo=UTC)  # a Monday


def snap(
    video_id: str,
    *,
    days_ago: float,
    views: int = 1000,
    likes: int = 0,
    comments: int = 0,
    shares: int = 0,
    caption: str = "",
    hour: int | None = None,
    completion: float | None = None,
    duration: float | None = 30.0,
    captured_ago: float = 0.0,
    is_photo: bool = False,
) -> VideoSnapshot:
    published = NOW - timedelta(days=days_ago)
    if hour is not None:
        published = published.replace(hour=hour)
    return VideoSnapshot(
        "c1",
        video_id,
        published,
        NOW - timedelta(days=captured_ago),
        caption,
        views,
        likes,
        comments,
        shares,
        duration,
        completion,
        is_photo,
    )


def test_average_views_over_30_days_with_sample() -> None:
    videos = [
        snap("a", days_ago=1, views=100),
        snap("b", days_ago=29, views=300),
        snap("old", days_ago=31, views=10_000),
    ]
    figure = average_views(videos, now=NOW)
    assert (figure.value, figure.sample_size) == (200, 2)


def test_average_views_without_videos_is_unavailable() -> None:
    figure = average_views([], now=NOW)
    assert figure.value is None and figure.sample_size == 0


def test_latest_snapshot_per_video_wins() -> None:
    older = snap("a", days_ago=3, views=10, captured_ago=2)
    newer = snap("a", days_ago=3, views=50, captured_ago=1)
    future = snap("a", days_ago=3, views=99, captured_ago=-1)
    assert [v.views for v in latest_per_video([older, future, newer], now=NOW)] == [50]


def test_top_hashtags_rank_by_pooled_engagement_with_minimum_sample() -> None:
    videos = [
        snap("1", days_ago=1, views=1000, likes=100, caption="#hot #common"),
        snap("2", days_ago=2, views=1000, likes=80, caption="#hot #common"),
        snap("3", days_ago=3, views=1000, likes=10, caption="#common"),
        snap("4", days_ago=4, views=10, likes=10, caption="#once"),  # one video: not ranked
        snap("5", days_ago=5, views=0, likes=5, caption="#hot"),  # no views: ignored
    ]
    ranked = top_hashtags(videos)
    assert [h.tag for h in ranked] == ["hot", "common"]
    assert ranked[0].engagement_rate == pytest.approx(0.09)
    assert (ranked[0].sample_size, ranked[1].sample_size) == (2, 3)


def test_top_hashtags_keeps_at_most_five() -> None:
    videos = [
        snap(str(i), days_ago=i % 20, caption=" ".join(f"#t{j}" for j in range(8)), likes=i)
        for i in range(4)
    ]
    assert len(top_hashtags(videos)) == 5


def test_best_days_and_hours_use_the_channel_time_zone() -> None:
    tz = ZoneInfo("America/New_York")
    # 02:00 UTC on Tuesday is 22:00 Monday in New York (summer time).
    videos = [snap(str(i), days_ago=7 * i - 1, hour=2, views=900) for i in range(1, 4)]
    videos += [snap(f"x{i}", days_ago=7 * i - 3, hour=15, views=100) for i in range(1, 3)]
    days = best_days(videos, tz=tz)
    hours = best_hours(videos, tz=tz)
    assert (days[0].label, days[0].sample_size) == ("Monday", 3)
    assert (hours[0].label, hours[0].slot, hours[0].sample_size) == ("22:00", 22, 3)
    assert hours[1].label == "11:00"


def test_slots_below_the_minimum_sample_are_not_ranked() -> None:
    assert best_hours([snap("a", days_ago=1, hour=9)], tz=UTC) == ()


def test_best_formats_group_by_length_and_kind() -> None:
    videos = [
        snap("s1", days_ago=1, duration=10, views=50),
        snap("s2", days_ago=2, duration=8, views=70),
        snap("l1", days_ago=3, duration=90, views=500),
        snap("l2", days_ago=4, duration=120, views=700),
        snap("p1", days_ago=5, is_photo=True, views=5),
    ]
    formats = best_formats(videos)
    assert [f.label for f in formats] == ["long video (over 60 s)", "short video (under 15 s)"]
    assert formats[0].sample_size == 2


def test_completion_trend_is_unavailable_without_data() -> None:
    trend = completion_trend([snap("a", days_ago=1)], tz=UTC)
    assert not trend.available and "no completion-rate data" in trend.reason


def test_completion_trend_needs_two_weeks() -> None:
    trend = completion_trend([snap("a", days_ago=1, completion=0.4)], tz=UTC)
    assert not trend.available and trend.sample_size == 1


def test_completion_trend_direction() -> None:
    rising = [snap(str(w), days_ago=7 * (3 - w), completion=0.2 + 0.1 * w) for w in range(4)]
    trend = completion_trend(rising, tz=UTC)
    assert trend.available and trend.direction == "rising"
    assert trend.change_per_week == pytest.approx(0.1)
    assert trend.sample_size == 4


def test_concept_is_built_from_the_evidence() -> None:
    videos = []
    for i in range(6):
        videos.append(
            snap(
                f"v{i}",
                days_ago=7 * i + 1,
                hour=18,
                views=1000 + i,
                likes=200,
                caption="#recipe #quick #dinner",
                duration=20,
            )
        )
    insight = compute_insight(channel_id="c1", snapshots=videos, now=NOW, tz=UTC, tz_name="UTC")
    concept = insight.suggestion
    assert concept is not None
    assert concept.hashtags == ("dinner", "quick", "recipe")
    assert concept.hour == 18 and concept.format == "video of 15-60 s"
    assert any("#dinner" in line and "6 videos" in line for line in concept.evidence)
    again = compute_insight(
        channel_id="c1", snapshots=list(reversed(videos)), now=NOW, tz=UTC, tz_name="UTC"
    )
    assert again == insight  # deterministic


def test_no_concept_without_enough_evidence() -> None:
    insight = compute_insight(
        channel_id="c1", snapshots=[snap("a", days_ago=1)], now=NOW, tz=UTC, tz_name="UTC"
    )
    assert insight.suggestion is None
    assert "not enough videos" in insight.suggestion_unavailable_reason


@pytest.mark.parametrize(
    ("age", "every"),
    [
        (timedelta(hours=5), timedelta(hours=1)),
        (timedelta(days=3), timedelta(hours=6)),
        (timedelta(days=20), timedelta(days=1)),
        (timedelta(days=60), timedelta(weeks=1)),
        (timedelta(days=91), None),
    ],
)
def test_snapshot_cadence_slows_with_age(age: timedelta, every: timedelta | None) -> None:
    assert snapshot_cadence(age) == every
