"""A ``datetime-local`` field (a wall-clock time with no zone) read in a channel's zone."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from domain.errors import RuleViolation

FIELD = "scheduled_at"


def parse_local(value: str, time_zone: str) -> datetime | RuleViolation:
    """``2026-01-05T18:30`` in ``Europe/Paris`` as an aware UTC time, or why not."""
    text = value.strip()
    try:
        zone = ZoneInfo(time_zone or "UTC")
    except (ZoneInfoNotFoundError, ValueError):
        zone = ZoneInfo("UTC")
    if not text:
        return RuleViolation("schedule_time_missing", FIELD, "give a date and a time")
    try:
        wall = datetime.strptime(text[:16], "%Y-%m-%dT%H:%M").replace(tzinfo=zone)
    except ValueError:
        return RuleViolation(
            "schedule_time_invalid", FIELD, "is not a date and time (YYYY-MM-DDTHH:MM)", text[:40]
        )
    return wall.astimezone(UTC)


def local_value(moment: datetime | None, time_zone: str) -> str:
    """The value a ``datetime-local`` input shows for an aware time, in the zone."""
    if moment is None:
        return ""
    try:
        zone = ZoneInfo(time_zone or "UTC")
    except (ZoneInfoNotFoundError, ValueError):
        zone = ZoneInfo("UTC")
    return moment.astimezone(zone).strftime("%Y-%m-%dT%H:%M")
