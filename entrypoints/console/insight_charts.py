"""An insight and its metric history as the data the insights page's charts and their
tables draw: labels, values and the sample size behind each value."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import tzinfo
from typing import Any

from domain.business_insights import AccountDay
from domain.insights import ChannelInsight, SlotScore, VideoSnapshot
from domain.view_history import views_over_time


def _slots(slots: Sequence[SlotScore]) -> dict[str, list[Any]]:
    return {
        "labels": [s.label for s in slots],
        "values": [round(s.average_views, 1) for s in slots],
        "samples": [s.sample_size for s in slots],
    }


def views_series(videos: Sequence[VideoSnapshot], tz: tzinfo) -> dict[str, list[Any]]:
    points = views_over_time(videos, tz=tz)
    return {
        "labels": [p.day.isoformat() for p in points],
        "values": [p.views for p in points],
        "samples": [p.sample_size for p in points],
    }


def daily_views_series(days: Sequence[AccountDay]) -> dict[str, list[Any]]:
    """The Accounts API's daily video views (days TikTok reported a figure for)."""
    shown = sorted((d for d in days if d.video_views is not None), key=lambda d: d.day)
    return {
        "labels": [d.day.isoformat() for d in shown],
        "values": [d.video_views for d in shown],
        "samples": [1 for _ in shown],
    }


def insight_series(insight: ChannelInsight | None) -> dict[str, Any]:
    if insight is None:
        return {"days": None, "hours": None, "hashtags": None, "completion": None}
    trend = insight.completion_trend
    return {
        "days": _slots(insight.best_days),
        "hours": _slots(insight.best_hours),
        "hashtags": {
            "labels": ["#" + h.tag for h in insight.top_hashtags],
            "values": [round(h.engagement_rate * 100, 2) for h in insight.top_hashtags],
            "samples": [h.sample_size for h in insight.top_hashtags],
        },
        "completion": {
            "labels": [p.week_start.date().isoformat() for p in trend.points],
            "values": [round(p.completion_rate * 100, 2) for p in trend.points],
            "samples": [p.sample_size for p in trend.points],
        }
        if trend.points
        else None,
    }
