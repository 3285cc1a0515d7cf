"""The insights page: charts with their tables and sample sizes, "Compute now", the period,
completion and watch time only with a connected business account (a readable note
otherwise, never an empty chart), and another organisation's channel is not found."""

from __future__ import annotations

import json
import re
from collections.abc import AsyncIterator
from datetime import timedelta
from typing import Any

import pytest

from domain.insights import VideoSnapshot
from tests.e2e.api_world import Api
from tests.e2e.console.pages import Browser

CHARTS = re.compile(r'<script type="application/json" id="insight-charts">(.*?)</script>', re.S)


@pytest.fixture
async def api() -> AsyncIterator[Api]:
    api = await Api.start()
    yield api
    await api.close()


async def _history(api: Api, channel_id: str) -> None:
    """Twelve videos over six weeks, each captured twice: enough to rank days, hours,
    hashtags and formats."""
    now = api.world.clock.now()
    snaps = []
    for n in range(12):
        published = now - timedelta(days=3 * n + 2, hours=n % 2)
        tags = "#bread #baking" if n % 2 else "#bread #sourdough"
        for k, at in enumerate((published + timedelta(hours=6), now - timedelta(days=n % 3))):
            snaps.append(
                VideoSnapshot(
                    channel_id,
                    f"v{n}",
                    published,
                    at,
                    f"Loaf {n} {tags}",
                    100 * (n + 1) * (k + 1),
                    10 + n,
                    2,
                    1,
                    duration_s=12.0,
                )
            )
    async with api.world.c.uow()() as uow:
        await uow.metrics.add_video_snapshots(snaps)
        await uow.commit()


def _charts(page: str) -> dict[str, Any]:
    found = CHARTS.search(page)
    assert found, "the page carries its chart data"
    data: dict[str, Any] = json.loads(found.group(1))
    return data


async def test_insights_page_draws_every_figure_with_its_sample(api: Api) -> None:
    channel = await api.connect()
    await _history(api, channel["id"])
    browser = Browser(api)
    await browser.sign_in()
    detail = await browser.get(f"/console/channels/{channel['id']}")
    assert f'href="/console/channels/{channel["id"]}/insights"' in detail

    path = f"/console/channels/{channel['id']}/insights"
    empty = await browser.get(path)
    assert "No insight has been computed" in empty and "Compute now" in empty
    assert 'data-chart="views"' in empty  # history exists before any insight
    assert 'data-chart="days"' not in empty

    answer = await browser.post(path, {"days": "90"})
    assert answer.status == 303 and answer.headers["Location"] == f"{path}?days=90"
    page = await browser.get(answer.headers["Location"])
    assert "Insight computed from the latest figures." in page
    charts = _charts(page)
    for name in ("views", "days", "hours", "hashtags"):
        assert charts[name]["labels"], name
        assert len(charts[name]["samples"]) == len(charts[name]["values"])
        assert f'<canvas id="chart-{name}"' in page and "as a table</summary>" in page
    assert charts["views"]["samples"][-1] == 12
    assert "#bread" in charts["hashtags"]["labels"]
    assert charts["completion"] is None and charts["daily_views"] is None
    assert re.search(r"over \d+ videos", page)  # figures name their sample
    assert "Suggested next video" in page and "Evidence" in page
    assert "Needs a connected business account" in page
    assert 'data-chart="completion"' not in page  # never an empty chart
    assert 'src="/console/static/vendor/chart.umd.min.js"' in page
    assert "<script>" not in page  # no inline script (CSP)


async def test_period_and_bad_input(api: Api) -> None:
    channel = await api.connect()
    browser = Browser(api)
    await browser.sign_in()
    path = f"/console/channels/{channel['id']}/insights"
    page = await browser.get(f"{path}?days=7")
    assert '<option value="7" selected>' in page
    assert "No video figures in the last 7 days" in page
    for bad in ("0", "401", "week"):
        told = await browser.get(f"{path}?days={bad}", expect=400)
        assert "days must be" in told
    await browser.get("/console/channels/nope/insights", expect=404)


async def test_another_organisations_channel_is_not_found(api: Api) -> None:
    channel = await api.connect()
    other = await api.as_org("org-b")
    browser = Browser(other)
    await browser.sign_in()
    path = f"/console/channels/{channel['id']}/insights"
    await browser.get(path, expect=404)
    answer = await browser.post(path, {"days": "30"})
    assert answer.status == 404
    ours = Browser(api)
    await ours.sign_in()
    assert "No insight has been computed" in await ours.get(path)  # nothing was computed
