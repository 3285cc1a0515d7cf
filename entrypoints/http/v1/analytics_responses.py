"""Response shapes of the analytics routes: a channel's insight, its metric snapshots and
a post's metrics over time (the public API's own classes; the OpenAPI document is
generated from them)."""

from __future__ import annotations

from datetime import datetime

import attrs


@attrs.frozen
class FigureOut:
    value: float | None  # null: too few videos to say
    sample_size: int


@attrs.frozen
class HashtagScoreOut:
    tag: str
    engagement_rate: float
    sample_size: int
    views: int


@attrs.frozen
class SlotScoreOut:
    label: str  # "Tuesday" or "18:00"
    slot: int  # weekday 0=Monday, or hour 0..23
    average_views: float
    sample_size: int


@attrs.frozen
class FormatScoreOut:
    label: str
    average_views: float
    sample_size: int


@attrs.frozen
class TrendPointOut:
    week_start: datetime
    completion_rate: float
    sample_size: int


@attrs.frozen
class CompletionTrendOut:
    available: bool
    reason: str
    direction: str  # rising | falling | flat, or empty when unavailable
    change_per_week: float | None
    points: list[TrendPointOut]
    sample_size: int


@attrs.frozen
class VideoConceptOut:
    summary: str
    hashtags: list[str]
    weekday: str
    hour: int
    format: str
    evidence: list[str]


@attrs.frozen
class ShareOut:
    name: str
    share: float  # 0..1


@attrs.frozen
class AudienceHourOut:
    label: str
    hour: int
    average_active: float
    sample_size: int


@attrs.frozen
class WatchFiguresOut:
    available: bool
    reason: str
    average_watch_time_s: FigureOut
    average_reach: FigureOut
    traffic_sources: list[ShareOut]
    traffic_sample_size: int
    audience_hours: list[AudienceHourOut]
    audience_hours_reason: str


@attrs.frozen
class InsightOut:
    channel_id: str
    computed_at: datetime
    time_zone: str
    average_views_30d: FigureOut
    top_hashtags: list[HashtagScoreOut]
    best_days: list[SlotScoreOut]
    best_hours: list[SlotScoreOut]
    best_formats: list[FormatScoreOut]
    completion_trend: CompletionTrendOut
    suggestion: VideoConceptOut | None
    suggestion_unavailable_reason: str
    watch: WatchFiguresOut  # Accounts API figures, where connected


@attrs.frozen
class VideoSnapshotOut:
    channel_id: str
    video_id: str
    published_at: datetime
    captured_at: datetime
    caption: str
    views: int
    likes: int
    comments: int
    shares: int
    duration_s: float | None
    completion_rate: float | None  # 0..1, only where the source reports it
    is_photo: bool


@attrs.frozen
class AccountSnapshotOut:
    channel_id: str
    captured_at: datetime
    follower_count: int | None
    following_count: int | None
    likes_count: int | None
    video_count: int | None


@attrs.frozen
class VideoSnapshotList:
    items: list[VideoSnapshotOut]


@attrs.frozen
class AccountSnapshotList:
    items: list[AccountSnapshotOut]


@attrs.frozen
class MetricPointOut:
    captured_at: datetime
    views: int
    likes: int
    comments: int
    shares: int


@attrs.frozen
class PostMetricsOut:
    post_id: str
    video_ids: list[str]
    latest: MetricPointOut | None
    points: list[MetricPointOut]
