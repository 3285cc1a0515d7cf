"""Each worker kind's pass logs one canonical ``use_case`` line per item it works on, with
the item's ids (bound to whatever is logged meanwhile, and unbound afterwards: an item's
ids never reach the next item's lines), its outcome, duration and TikTok calls."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from domain.channel import Channel
from domain.sync_job import SyncScope
from entrypoints import workers
from tests.unit.application.world import ORG, World

LogLines = list[dict[str, Any]]
ORG2 = "org2"


@pytest.fixture
def world() -> World:
    return World.build()


async def two_channels(world: World) -> tuple[Channel, Channel]:
    return await world.connect(), await world.connect("open-2", org=ORG2)


def runs(lines: LogLines, use_case: str) -> list[dict[str, Any]]:
    return [line for line in lines if line["event"] == "use_case" and line["use_case"] == use_case]


def assert_canonical(line: dict[str, Any]) -> None:
    assert isinstance(line["duration_ms"], float) and line["duration_ms"] >= 0
    assert isinstance(line["tiktok_calls"], int)
    assert (
        line["outcome"] == "ok"
        or line["outcome"] == "skipped"
        or (line["outcome"].startswith("error:"))
    )


def assert_no_leaks(lines: LogLines, items: list[dict[str, str]]) -> None:
    """Every line carrying one item's id carries none of another's; and the lines the pass
    logs outside its runs (its summary) carry no item's ids at all."""
    for line in lines:
        owners = [n for n, ids in enumerate(items) if any(line.get(k) == v for k, v in ids.items())]
        assert len(owners) <= 1, line
        if owners:
            for key, value in items[owners[0]].items():
                assert line.get(key) in (None, value), (key, line)
        elif line["event"] != "use_case":
            assert not any(key in line for ids in items for key in ids), line


async def test_the_tracker_logs_one_line_per_post_checked(world: World, lines: LogLines) -> None:
    one, two = await world.connect(), await world.connect("open-2")  # posts: World's ORG
    posts = [await world.due(ch, media=world.video()) for ch in (one, two)]
    for post in posts:
        await world.c.publish_due_post()(post_id=post.id)
    world.clock.advance(timedelta(minutes=5))
    lines.clear()
    await workers.STEPS["status"](world.c)()
    checked = runs(lines, "track_publish_status")
    assert [line["post_id"] for line in checked] == [p.id for p in posts]
    for line, post, channel in zip(checked, posts, (one, two), strict=True):
        assert_canonical(line)
        assert line["outcome"] == "ok" and line["tiktok_calls"] >= 1
        assert line["channel_id"] == channel.id and line["organisation_id"] == post.organisation_id
        assert line["post_status"] == "published"
    assert_no_leaks(lines, [{"post_id": p.id, "channel_id": p.channel_id} for p in posts])


async def test_a_failing_check_is_its_post_s_error_and_the_next_post_is_clean(
    world: World, lines: LogLines, monkeypatch: pytest.MonkeyPatch
) -> None:
    one, two = await world.connect(), await world.connect("open-2")  # posts: World's ORG
    posts = [await world.due(ch, media=world.video()) for ch in (one, two)]
    for post in posts:
        await world.c.publish_due_post()(post_id=post.id)
    world.clock.advance(timedelta(minutes=5))
    fake = type(world.tiktok)
    real, calls = fake.fetch_status, []

    async def lost_once(self: Any, *args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        if len(calls) == 1:
            raise RuntimeError("status lost")
        return await real(self, *args, **kwargs)

    monkeypatch.setattr(fake, "fetch_status", lost_once)
    lines.clear()
    await workers.STEPS["status"](world.c)()
    first, second = runs(lines, "track_publish_status")
    assert first["outcome"] == "error:RuntimeError" and first["post_id"] == posts[0].id
    assert "status lost" in first["error"]
    assert second["outcome"] == "ok" and "error" not in second
    assert_no_leaks(lines, [{"post_id": p.id, "channel_id": p.channel_id} for p in posts])


async def test_token_upkeep_logs_one_line_per_channel_refreshed(
    world: World, lines: LogLines
) -> None:
    one, two = await two_channels(world)
    world.clock.advance(timedelta(hours=23, minutes=50))
    lines.clear()
    await workers.STEPS["tokens"](world.c)()
    refreshed = runs(lines, "refresh_channel_token")
    assert sorted(line["channel_id"] for line in refreshed) == sorted([one.id, two.id])
    for line in refreshed:
        assert_canonical(line)
        assert line["outcome"] == "ok" and line["tiktok_calls"] == 1
        assert line["organisation_id"] == (ORG if line["channel_id"] == one.id else ORG2)
    assert_no_leaks(
        lines,
        [{"channel_id": one.id, "organisation_id": ORG},
         {"channel_id": two.id, "organisation_id": ORG2}],
    )  # fmt: skip


@pytest.mark.parametrize(
    ("kind", "use_case"), [("metrics", "sync_metrics"), ("insights", "compute_insight")]
)
async def test_a_channel_round_logs_one_line_per_channel(
    world: World, lines: LogLines, kind: str, use_case: str
) -> None:
    one, two = await two_channels(world)
    lines.clear()
    await workers.STEPS[kind](world.c)()
    done = runs(lines, use_case)
    assert [(line["channel_id"], line["organisation_id"]) for line in done] == [
        (one.id, ORG),
        (two.id, ORG2),
    ]
    for line in done:
        assert_canonical(line)
        assert line["outcome"] == "ok"
        assert (line["tiktok_calls"] >= 1) is (kind == "metrics")
    assert_no_leaks(
        lines,
        [{"channel_id": one.id, "organisation_id": ORG},
         {"channel_id": two.id, "organisation_id": ORG2}],
    )  # fmt: skip


async def test_housekeeping_is_one_run(world: World, lines: LogLines) -> None:
    await workers.STEPS["housekeeping"](world.c)()
    (line,) = runs(lines, "run_housekeeping")
    assert_canonical(line)
    assert line["outcome"] == "ok" and line["tiktok_calls"] == 0


async def test_each_event_delivery_attempt_is_one_run(world: World, lines: LogLines) -> None:
    endpoints = {}
    for org in (ORG, ORG2):
        endpoints[org] = await world.c.register_webhook_endpoint()(
            organisation_id=org, url="https://platform.example/hooks", event_types=()
        )
    await two_channels(world)  # a channel.connected event for each organisation
    world.receiver.down = True
    lines.clear()
    await workers.STEPS["events"](world.c)()
    attempts = runs(lines, "deliver_event")
    assert sorted(line["organisation_id"] for line in attempts) == [ORG, ORG2]
    for line in attempts:
        assert_canonical(line)
        assert line["endpoint_id"] == endpoints[line["organisation_id"]].endpoint.id
        assert line["event_id"] and line["outcome"].startswith("error:")
        assert line["attempts"] == 1
    world.receiver.down = False
    world.clock.advance(timedelta(minutes=1))
    lines.clear()
    await workers.STEPS["events"](world.c)()
    assert [line["outcome"] for line in runs(lines, "deliver_event")] == ["ok", "ok"]
    assert_no_leaks(
        lines,
        [{"organisation_id": org, "endpoint_id": e.endpoint.id} for org, e in endpoints.items()],
    )


async def test_a_sync_job_logs_one_line_per_channel(world: World, lines: LogLines) -> None:
    one = await world.connect()
    two = await world.connect("open-2")
    job = await world.c.start_sync()(organisation_id=ORG, scope=SyncScope.BOTH)
    lines.clear()
    await workers.STEPS["sync"](world.c)()
    synced = runs(lines, "sync_metrics")
    assert sorted(line["channel_id"] for line in synced) == sorted([one.id, two.id])
    for line in synced:
        assert_canonical(line)
        assert line["outcome"] == "ok" and line["tiktok_calls"] >= 1
        assert line["sync_job_id"] == job.id and line["organisation_id"] == ORG
    assert_no_leaks(lines, [{"channel_id": one.id}, {"channel_id": two.id}])


# Where each worker kind's canonical lines are checked (a new kind needs its own test).
CHECKED = {
    "publisher": "tests/unit/entrypoints/test_request_log.py",
    "status": __name__,
    "tokens": __name__,
    "metrics": __name__,
    "insights": __name__,
    "housekeeping": __name__,
    "events": __name__,
    "sync": __name__,
    "accounts_api": "tests/integration/business/test_worker_logs.py",
    "ads": "tests/integration/ads/test_ads_round_logs.py",
}


def test_every_worker_kind_has_its_canonical_lines_checked() -> None:
    assert set(CHECKED) == set(workers.LOOPS)
