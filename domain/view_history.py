"""Views over time from video snapshots: on each day a capture happened, the total views of
the channel's videos as last seen by the end of that day, with how many videos it counts."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date, tzinfo

import attrs

from domain.insights import VideoSnapshot


@attrs.frozen
class ViewsOnDay:
    day: date  # in the channel's time zone
    views: int  # the sum of each video's newest view count known by the end of the day
    sample_size: int  # videos counted


def views_over_time(snapshots: Iterable[VideoSnapshot], *, tz: tzinfo) -> tuple[ViewsOnDay, ...]:
    """One point per day with at least one capture; a video counts from its first capture on."""
    by_day: dict[date, list[VideoSnapshot]] = defaultdict(list)
    for snap in snapshots:
        by_day[snap.captured_at.astimezone(tz).date()].append(snap)
    latest: dict[str, VideoSnapshot] = {}
    points = []
    for day in sorted(by_day):
        for snap in sorted(by_day[day], key=lambda s: s.captured_at):
            latest[snap.video_id] = snap
        points.append(ViewsOnDay(day, sum(s.views for s in latest.values()), len(latest)))
    return tuple(points)
