"""ChannelInsight rules: pure functions over video metric snapshots.

Every figure carries the number of videos behind it. Nothing is invented: a
measure without enough data says so and why.
"""

from __future__ import annotations

import calendar
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from datetime import datetime, timedelta, tzinfo

import attrs

from domain.figures import Figure, WatchFigures
from domain.text import parse_hashtags

AVERAGE_WINDOW = timedelta(days=30)
ANALYSIS_WINDOW = timedelta(days=90)
MIN_SAMPLE = 2  # videos needed before a hashtag, slot or format is ranked
TREND_MIN_WEEKS = 2
TREND_FLAT_PER_WEEK = 0.01  # completion-rate change per week below which it is flat


@attrs.frozen
class VideoSnapshot:
    """Metrics of one video as captured at one time."""

    channel_id: str
    video_id: str
    published_at: datetime
    captured_at: datetime
    caption: str
    views: int
    likes: int
    comments: int
    shares: int
    duration_s: float | None = None
    completion_rate: float | None = None  # 0..1, only where the source reports it
    is_photo: bool = False

    @property
    def interactions(self) -> int:
        return self.likes + self.comments + self.shares


@attrs.frozen
class HashtagScore:
    tag: str
    engagement_rate: float
    sample_size: int
    views: int


@attrs.frozen
class SlotScore:
    label: str  # "Tuesday" or "18:00"
    slot: int  # weekday 0=Monday, or hour 0..23
    average_views: float
    sample_size: int


@attrs.frozen
class TrendPoint:
    week_start: datetime
    completion_rate: float
    sample_size: int


@attrs.frozen
class CompletionTrend:
    available: bool
    reason: str = ""
    direction: str = ""  # rising | falling | flat
    change_per_week: float | None = None
    points: tuple[TrendPoint, ...] = ()
    sample_size: int = 0


@attrs.frozen
class FormatScore:
    label: str
    average_views: float
    sample_size: int


@attrs.frozen
class VideoConcept:
    summary: str
    hashtags: tuple[str, ...]
    weekday: str
    hour: int
    format: str
    evidence: tuple[str, ...]


@attrs.frozen
class ChannelInsight:
    channel_id: str
    computed_at: datetime
    time_zone: str
    average_views_30d: Figure
    top_hashtags: tuple[HashtagScore, ...]
    best_days: tuple[SlotScore, ...]
    best_hours: tuple[SlotScore, ...]
    best_formats: tuple[FormatScore, ...]
    completion_trend: CompletionTrend
    suggestion: VideoConcept | None
    suggestion_unavailable_reason: str = ""
    watch: WatchFigures = attrs.Factory(WatchFigures)  # Accounts API figures, where connected


def latest_per_video(snapshots: Iterable[VideoSnapshot], *, now: datetime) -> list[VideoSnapshot]:
    """The newest snapshot of each video captured by ``now``, oldest video first."""
    latest: dict[str, VideoSnapshot] = {}
    for snap in snapshots:
        if snap.captured_at > now:
            continue
        known = latest.get(snap.video_id)
        if known is None or snap.captured_at > known.captured_at:
            latest[snap.video_id] = snap
    return sorted(latest.values(), key=lambda s: (s.published_at, s.video_id))


def _published_within(
    videos: Iterable[VideoSnapshot], now: datetime, window: timedelta
) -> list[VideoSnapshot]:
    return [v for v in videos if now - window <= v.published_at <= now]


def average_views(
    videos: list[VideoSnapshot], *, now: datetime, window: timedelta = AVERAGE_WINDOW
) -> Figure:
    recent = _published_within(videos, now, window)
    if not recent:
        return Figure(None, 0)
    return Figure(sum(v.views for v in recent) / len(recent), len(recent))


def top_hashtags(
    videos: list[VideoSnapshot], *, limit: int = 5, min_sample: int = MIN_SAMPLE
) -> tuple[HashtagScore, ...]:
    """Hashtags ranked by (likes+comments+shares)/views pooled over their videos."""
    views: dict[str, int] = defaultdict(int)
    interactions: dict[str, int] = defaultdict(int)
    counts: dict[str, int] = defaultdict(int)
    for video in videos:
        if video.views <= 0:
            continue
        for tag in parse_hashtags(video.caption):
            views[tag] += video.views
            interactions[tag] += video.interactions
            counts[tag] += 1
    scores = [
        HashtagScore(tag, interactions[tag] / views[tag], counts[tag], views[tag])
        for tag in counts
        if counts[tag] >= min_sample
    ]
    scores.sort(key=lambda s: (-s.engagement_rate, -s.sample_size, s.tag))
    return tuple(scores[:limit])


def _slots(
    videos: list[VideoSnapshot],
    key: Callable[[VideoSnapshot], int],
    label: Callable[[int], str],
    min_sample: int,
    limit: int,
) -> tuple[SlotScore, ...]:
    groups: dict[int, list[int]] = defaultdict(list)
    for video in videos:
        groups[key(video)].append(video.views)
    scores = [
        SlotScore(label(slot), slot, sum(vs) / len(vs), len(vs))
        for slot, vs in groups.items()
        if len(vs) >= min_sample
    ]
    scores.sort(key=lambda s: (-s.average_views, -s.sample_size, s.slot))
    return tuple(scores[:limit])


def best_days(
    videos: list[VideoSnapshot], *, tz: tzinfo, min_sample: int = MIN_SAMPLE, limit: int = 3
) -> tuple[SlotScore, ...]:
    return _slots(
        videos,
        lambda v: v.published_at.astimezone(tz).weekday(),
        lambda d: calendar.day_name[d],
        min_sample,
        limit,
    )


def best_hours(
    videos: list[VideoSnapshot], *, tz: tzinfo, min_sample: int = MIN_SAMPLE, limit: int = 3
) -> tuple[SlotScore, ...]:
    return _slots(
        videos,
        lambda v: v.published_at.astimezone(tz).hour,
        lambda h: f"{h:02d}:00",
        min_sample,
        limit,
    )


def format_label(video: VideoSnapshot) -> str:
    if video.is_photo:
        return "photo carousel"
    if video.duration_s is None:
        return "video of unknown length"
    if video.duration_s < 15:
        return "short video (under 15 s)"
    if video.duration_s <= 60:
        return "video of 15-60 s"
    return "long video (over 60 s)"


def best_formats(
    videos: list[VideoSnapshot], *, min_sample: int = MIN_SAMPLE
) -> tuple[FormatScore, ...]:
    groups: dict[str, list[int]] = defaultdict(list)
    for video in videos:
        groups[format_label(video)].append(video.views)
    scores = [
        FormatScore(name, sum(vs) / len(vs), len(vs))
        for name, vs in groups.items()
        if len(vs) >= min_sample
    ]
    scores.sort(key=lambda s: (-s.average_views, -s.sample_size, s.label))
    return tuple(scores)


def completion_trend(videos: list[VideoSnapshot], *, tz: tzinfo) -> CompletionTrend:
    """Weekly average completion rate and its least-squares slope, where data exists."""
    measured = [v for v in videos if v.completion_rate is not None]
    if not measured:
        return CompletionTrend(False, "TikTok reported no completion-rate data for these videos")
    weeks: dict[datetime, list[float]] = defaultdict(list)
    for video in measured:
        local = video.published_at.astimezone(tz)
        start = (local - timedelta(days=local.weekday())).replace(
            hour=0, minute=0, second=0, microsecond=0
        )
        weeks[start].append(float(video.completion_rate or 0.0))
    points = tuple(
        TrendPoint(start, sum(rates) / len(rates), len(rates))
        for start, rates in sorted(weeks.items())
    )
    if len(points) < TREND_MIN_WEEKS:
        return CompletionTrend(
            False,
            f"completion data covers {len(points)} week; a trend needs {TREND_MIN_WEEKS}",
            points=points,
            sample_size=len(measured),
        )
    slope = _slope_per_week(points)
    direction = (
        "flat" if abs(slope) < TREND_FLAT_PER_WEEK else ("rising" if slope > 0 else "falling")
    )
    return CompletionTrend(True, "", direction, slope, points, len(measured))


def _slope_per_week(points: tuple[TrendPoint, ...]) -> float:
    origin = points[0].week_start
    xs = [(p.week_start - origin) / timedelta(weeks=1) for p in points]
    ys = [p.completion_rate for p in points]
    mean_x, mean_y = sum(xs) / len(xs), sum(ys) / len(ys)
    spread = sum((x - mean_x) ** 2 for x in xs)
    return sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True)) / spread


def suggest_concept(
    hashtags: tuple[HashtagScore, ...],
    days: tuple[SlotScore, ...],
    hours: tuple[SlotScore, ...],
    formats: tuple[FormatScore, ...],
) -> tuple[VideoConcept | None, str]:
    """A next-video concept from the evidence, or None and what is missing."""
    missing = [
        name
        for name, found in (
            ("hashtags", hashtags),
            ("posting days", days),
            ("posting hours", hours),
            ("formats", formats),
        )
        if not found
    ]
    if missing:
        return None, f"not enough videos to rank {', '.join(missing)} (need {MIN_SAMPLE} each)"
    tags = tuple(h.tag for h in hashtags[:3])
    day, hour, fmt = days[0], hours[0], formats[0]
    summary = (
        f"A {fmt.label} about {' '.join('#' + t for t in tags)}, "
        f"posted on {day.label} at {hour.label}"
    )
    evidence = tuple(
        [
            f"#{h.tag}: engagement {h.engagement_rate:.1%} over {h.sample_size} videos"
            for h in hashtags[:3]
        ]
        + [
            f"{day.label}: {day.average_views:.0f} average views over {day.sample_size} videos",
            f"{hour.label}: {hour.average_views:.0f} average views over {hour.sample_size} videos",
            f"{fmt.label}: {fmt.average_views:.0f} average views over {fmt.sample_size} videos",
        ]
    )
    return VideoConcept(summary, tags, day.label, hour.slot, fmt.label, evidence), ""


def compute_insight(
    *,
    channel_id: str,
    snapshots: Iterable[VideoSnapshot],
    now: datetime,
    tz: tzinfo,
    tz_name: str,
    min_sample: int = MIN_SAMPLE,
    watch: WatchFigures | None = None,
) -> ChannelInsight:
    """The weekly ChannelInsight for one channel."""
    videos = latest_per_video(snapshots, now=now)
    analysed = _published_within(videos, now, ANALYSIS_WINDOW)
    tags = top_hashtags(analysed, min_sample=min_sample)
    days = best_days(analysed, tz=tz, min_sample=min_sample)
    hours = best_hours(analysed, tz=tz, min_sample=min_sample)
    formats = best_formats(analysed, min_sample=min_sample)
    concept, why_not = suggest_concept(tags, days, hours, formats)
    return ChannelInsight(
        channel_id,
        now,
        tz_name,
        average_views(videos, now=now),
        tags,
        days,
        hours,
        formats,
        completion_trend(analysed, tz=tz),
        concept,
        why_not,
        watch or WatchFigures(),
    )


def snapshot_cadence(video_age: timedelta) -> timedelta | None:
    """How often to snapshot a video of this age; None once it is past 90 days."""
    cadence: Mapping[timedelta, timedelta] = {
        timedelta(days=1): timedelta(hours=1),
        timedelta(days=7): timedelta(hours=6),
        timedelta(days=30): timedelta(days=1),
        timedelta(days=90): timedelta(weeks=1),
    }
    for age_limit, every in cadence.items():
        if video_age <= age_limit:
            return every
    return None
