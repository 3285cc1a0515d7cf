"""Figures an insight reports: each with the number of items behind it."""

from __future__ import annotations

import attrs


@attrs.frozen
class Figure:
    value: float | None
    sample_size: int


@attrs.frozen
class Share:
    """A named part of a whole, 0..1 (an age band, a country, a traffic source)."""

    name: str
    share: float


@attrs.frozen
class AudienceHour:
    label: str  # "18:00" in the channel's time zone
    hour: int
    average_active: float  # followers active in that hour, averaged over the days
    sample_size: int  # days of activity data


@attrs.frozen
class WatchFigures:
    """What only the Accounts API gives an insight; each figure with its sample size.

    ``available`` is False for a channel without an Accounts API connection (or before its
    first sync), and ``reason`` says so.
    """

    available: bool = False
    reason: str = "the channel has no Accounts API connection: connect it to see watch time"
    average_watch_time_s: Figure = Figure(None, 0)  # total watch time / views, 30 days
    average_reach: Figure = Figure(None, 0)  # per video published in the last 30 days
    traffic_sources: tuple[Share, ...] = ()  # view-weighted over the videos that have them
    traffic_sample_size: int = 0
    audience_hours: tuple[AudienceHour, ...] = ()
    audience_hours_reason: str = ""
