"""What the Accounts API tells about an account and its videos, kept as our own snapshots,
and the ChannelInsight figures only it can give (watch time, reach, traffic sources,
the audience's active hours). Missing is never zero: a field TikTok left empty stays None.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime, time, timedelta, tzinfo

import attrs

from domain.figures import AudienceHour, Figure, Share, WatchFigures
from domain.insights import AVERAGE_WINDOW, VideoSnapshot

DEMOGRAPHICS_MIN_FOLLOWERS = 100
LOOKBACK_DAYS = 60  # TikTok keeps 60 days of account metrics; older ones live only here
ACTIVITY_DAYS = 7  # days of audience activity ranked for the best hours


@attrs.frozen
class AccountDay:
    """One day (UTC) of an account's metrics, as captured at ``captured_at``."""

    channel_id: str
    day: date
    captured_at: datetime
    video_views: int | None = None
    reach: int | None = None  # unique_video_views (Business accounts only)
    profile_views: int | None = None
    likes: int | None = None
    comments: int | None = None
    shares: int | None = None
    followers_count: int | None = None
    new_followers: int | None = None
    lost_followers: int | None = None
    audience_activity: tuple[tuple[int, int], ...] = ()  # (UTC hour, active followers)


@attrs.frozen
class AudienceSnapshot:
    """An account's audience as TikTok described it on one day, or why it did not."""

    channel_id: str
    captured_at: datetime
    available: bool
    reason: str = ""
    ages: tuple[Share, ...] = ()
    genders: tuple[Share, ...] = ()
    countries: tuple[Share, ...] = ()

    @classmethod
    def unavailable(
        cls, channel_id: str, now: datetime, *, followers: int | None, is_business: bool | None
    ) -> AudienceSnapshot:
        return cls(channel_id, now, False, audience_unavailable_reason(followers, is_business))


def audience_unavailable_reason(followers: int | None, is_business: bool | None) -> str:
    if is_business is False:
        return "TikTok gives audience data for Business accounts only; this is a Personal account"
    if followers is not None and followers < DEMOGRAPHICS_MIN_FOLLOWERS:
        return (
            f"TikTok gives audience data from {DEMOGRAPHICS_MIN_FOLLOWERS} followers; "
            f"this account has {followers}"
        )
    return "TikTok gave no audience data for this account"


@attrs.frozen
class VideoInsight:
    """One video's lifetime metrics from the Accounts API, as captured at one time."""

    channel_id: str
    video_id: str
    captured_at: datetime
    published_at: datetime
    caption: str = ""
    duration_s: float | None = None
    views: int | None = None
    likes: int | None = None
    comments: int | None = None
    shares: int | None = None
    reach: int | None = None
    total_time_watched_s: float | None = None
    average_time_watched_s: float | None = None
    full_video_watched_rate: float | None = None  # 0..1
    new_followers: int | None = None
    retention: tuple[tuple[int, float], ...] = ()  # (second, share still watching)
    impression_sources: tuple[Share, ...] = ()

    def as_snapshot(self) -> VideoSnapshot:
        """The counts the shared insight rules rank, with the real completion rate."""
        return VideoSnapshot(
            channel_id=self.channel_id,
            video_id=self.video_id,
            published_at=self.published_at,
            captured_at=self.captured_at,
            caption=self.caption,
            views=self.views or 0,
            likes=self.likes or 0,
            comments=self.comments or 0,
            shares=self.shares or 0,
            duration_s=self.duration_s,
            completion_rate=self.full_video_watched_rate,
        )


def latest_insights(insights: Iterable[VideoInsight], *, now: datetime) -> list[VideoInsight]:
    """The newest capture of each video by ``now``, with fields TikTok emptied later (after
    7 days without activity) filled from the last capture that had them."""
    by_video: dict[str, list[VideoInsight]] = defaultdict(list)
    for row in insights:
        if row.captured_at <= now:
            by_video[row.video_id].append(row)
    result = []
    for rows in by_video.values():
        rows.sort(key=lambda r: r.captured_at)
        newest = rows[-1]
        for older in reversed(rows[:-1]):
            newest = _fill_gaps(newest, older)
        result.append(newest)
    return sorted(result, key=lambda r: (r.published_at, r.video_id))


_EMPTIABLE = (
    "reach",
    "total_time_watched_s",
    "average_time_watched_s",
    "full_video_watched_rate",
)


def _fill_gaps(newest: VideoInsight, older: VideoInsight) -> VideoInsight:
    changes: dict[str, object] = {
        name: getattr(older, name)
        for name in _EMPTIABLE
        if getattr(newest, name) is None and getattr(older, name) is not None
    }
    if not newest.impression_sources and older.impression_sources:
        changes["impression_sources"] = older.impression_sources
    return attrs.evolve(newest, **changes) if changes else newest  # type: ignore[arg-type]


def average_watch_time(videos: Sequence[VideoInsight], *, now: datetime) -> Figure:
    recent = [
        v
        for v in videos
        if now - AVERAGE_WINDOW <= v.published_at <= now
        and v.total_time_watched_s is not None
        and v.views
    ]
    if not recent:
        return Figure(None, 0)
    watched = sum(v.total_time_watched_s or 0.0 for v in recent)
    return Figure(watched / sum(v.views or 0 for v in recent), len(recent))


def average_reach(videos: Sequence[VideoInsight], *, now: datetime) -> Figure:
    recent = [
        v for v in videos if now - AVERAGE_WINDOW <= v.published_at <= now and v.reach is not None
    ]
    if not recent:
        return Figure(None, 0)
    return Figure(sum(v.reach or 0 for v in recent) / len(recent), len(recent))


def traffic_sources(videos: Sequence[VideoInsight]) -> tuple[tuple[Share, ...], int]:
    weighted: dict[str, float] = defaultdict(float)
    total, sample = 0, 0
    for video in videos:
        if not video.impression_sources or not video.views:
            continue
        sample += 1
        total += video.views
        for source in video.impression_sources:
            weighted[source.name] += source.share * video.views
    if not total:
        return (), 0
    shares = sorted(
        (Share(name, value / total) for name, value in weighted.items()),
        key=lambda s: (-s.share, s.name),
    )
    return tuple(shares), sample


def audience_best_hours(
    days: Sequence[AccountDay], *, tz: tzinfo, limit: int = 3
) -> tuple[tuple[AudienceHour, ...], str]:
    """The hours (channel time) the audience is most active, from TikTok's hourly activity
    (given in UTC) of the latest days that have it."""
    with_activity = sorted((d for d in days if d.audience_activity), key=lambda d: d.day)
    recent = with_activity[-ACTIVITY_DAYS:]
    if not recent:
        return (), "TikTok gave no audience activity (Business accounts with 100+ followers only)"
    totals: dict[int, int] = defaultdict(int)
    for day in recent:
        for utc_hour, count in day.audience_activity:
            local = datetime.combine(day.day, time(utc_hour), UTC).astimezone(tz).hour
            totals[local] += count
    ranked = sorted(totals.items(), key=lambda kv: (-kv[1], kv[0]))[:limit]
    return (
        tuple(
            AudienceHour(f"{h:02d}:00", h, total / len(recent), len(recent)) for h, total in ranked
        ),
        "",
    )


def watch_figures(
    videos: Sequence[VideoInsight], days: Sequence[AccountDay], *, now: datetime, tz: tzinfo
) -> WatchFigures:
    sources, sample = traffic_sources(videos)
    hours, why_not = audience_best_hours(days, tz=tz)
    return WatchFigures(
        True,
        "",
        average_watch_time(videos, now=now),
        average_reach(videos, now=now),
        sources,
        sample,
        hours,
        why_not,
    )


def day_window(now: datetime, *, days: int = LOOKBACK_DAYS) -> tuple[date, date]:
    """The closed UTC date range ``business/get`` may be asked for, ending yesterday."""
    end = (now.astimezone(UTC) - timedelta(days=1)).date()
    return end - timedelta(days=days - 1), end
