from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from domain.insights import VideoSnapshot
from domain.view_history import ViewsOnDay, views_over_time

T0 = datetime(2026, 3, 2, 10, tzinfo=UTC)


def snap(video: str, at: datetime, views: int) -> VideoSnapshot:
    return VideoSnapshot("c1", video, T0 - timedelta(days=3), at, "", views, 0, 0, 0)


def test_each_day_sums_the_newest_count_of_every_video_seen_so_far() -> None:
    points = views_over_time(
        [
            snap("a", T0, 100),
            snap("a", T0 + timedelta(hours=5), 150),
            snap("b", T0 + timedelta(days=1), 40),
            snap("a", T0 + timedelta(days=2), 200),
        ],
        tz=UTC,
    )
    assert points == (
        ViewsOnDay(date(2026, 3, 2), 150, 1),
        ViewsOnDay(date(2026, 3, 3), 190, 2),
        ViewsOnDay(date(2026, 3, 4), 240, 2),
    )


def test_days_are_the_channels_days_and_no_captures_means_no_points() -> None:
    late = datetime(2026, 3, 2, 23, 30, tzinfo=UTC)  # already 3 March in Berlin
    (point,) = views_over_time([snap("a", late, 5)], tz=ZoneInfo("Europe/Berlin"))
    assert point.day == date(2026, 3, 3)
    assert views_over_time([], tz=UTC) == ()
