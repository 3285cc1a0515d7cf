"""When a console session ends: its length, its idle limit, and times from the future."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from domain.console_session import ConsoleSession

T0 = datetime(2026, 11, 29, 9, 0, tzinfo=UTC)
LENGTH, IDLE = timedelta(hours=12), timedelta(minutes=120)


def _session() -> ConsoleSession:
    return ConsoleSession.open(organisation_id="org-a", key_id="k1", key_name="ops", now=T0)


def test_a_session_in_use_holds_until_its_length() -> None:
    session = _session()
    for minutes in range(0, 12 * 60, 90):  # a page every 90 minutes
        now = T0 + timedelta(minutes=minutes)
        assert session.ended(now=now, lifetime=LENGTH, idle=IDLE) is None
        session = session.seen(now)
    assert session.ended(now=T0 + LENGTH, lifetime=LENGTH, idle=IDLE) == (
        "the session reached its maximum length"
    )


def test_an_idle_session_ends() -> None:
    session = _session().seen(T0 + timedelta(minutes=30))
    later = T0 + timedelta(minutes=30) + IDLE
    assert session.ended(now=later - timedelta(seconds=1), lifetime=LENGTH, idle=IDLE) is None
    assert session.ended(now=later, lifetime=LENGTH, idle=IDLE) == "the session was idle too long"


def test_times_from_the_future_end_it() -> None:
    assert _session().ended(now=T0 - timedelta(seconds=1), lifetime=LENGTH, idle=IDLE) is not None
