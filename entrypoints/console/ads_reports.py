"""An ad account's report: a table per campaign over a date range (our stored time series,
as ``GET /v1/ads/accounts/{id}/reports``), each with its totals; and syncing a day from
TikTok (as ``POST .../reports/sync``)."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta
from typing import Any

from aiohttp import web

from domain.ads.model import ObjectKind
from domain.ads.reports import AdMetrics, ReportRow
from entrypoints.console.ads import ADS, ads, find_account, text_form
from entrypoints.console.form_problems import FormProblems, checked, form
from entrypoints.console.pages import done, render
from entrypoints.console.session import organisation
from entrypoints.http.keys import CONTAINER

WINDOW_DAYS = 7
RANGE_FIELDS = ("start", "end")


def reports_page(account_id: str, start: date | None = None, end: date | None = None) -> str:
    where = f"{ADS}/accounts/{account_id}/reports"
    return f"{where}?start={start.isoformat()}&end={end.isoformat()}" if start and end else where


def _day(raw: str, name: str) -> date:
    try:
        return date.fromisoformat(raw)
    except ValueError:
        raise FormProblems({name: ["a date, YYYY-MM-DD"]}, []) from None


def _table(name: str, tiktok_id: str, rows: list[ReportRow]) -> dict[str, Any]:
    rows = sorted(rows, key=lambda r: r.day)
    return {
        "name": name,
        "tiktok_id": tiktok_id,
        "days": [{"day": r.day.isoformat(), **r.metrics.as_strings()} for r in rows],
        "total": AdMetrics.total(r.metrics for r in rows).as_strings(),
    }


async def _page(
    request: web.Request, org: str, values: dict[str, str], sync_form: dict[str, Any] | None = None
) -> web.Response:
    a, account_id = ads(request), request.match_info["account_id"]
    account = await find_account(a, org, account_id)

    async def run() -> Any:
        start, end = _day(values["start"], "start"), _day(values["end"], "end")
        return await a.report(
            organisation_id=org, account_id=account_id, level=ObjectKind.CAMPAIGN,
            start=start, end=end,
        )  # fmt: skip

    status, problems, rows = 200, None, []
    try:
        rows = list(await checked(run, RANGE_FIELDS))
    except FormProblems as found:
        status, problems = found.status, found
    campaigns = await a.objects(
        organisation_id=org, account_id=account_id, kind=ObjectKind.CAMPAIGN
    )
    names = {c.tiktok_id: c.spec.name for c in campaigns if c.tiktok_id}
    by_campaign: dict[str, list[ReportRow]] = defaultdict(list)
    for row in rows:
        by_campaign[row.tiktok_id].append(row)
    tables = [
        _table(names.get(tiktok_id, f"Campaign {tiktok_id}"), tiktok_id, found)
        for tiktok_id, found in sorted(by_campaign.items(), key=lambda kv: names.get(kv[0], kv[0]))
    ]
    if sync_form is None:
        sync_form = form("sync", {"day": values["end"]})
    elif sync_form["problems"]:
        status = sync_form["problems"].status
    return await render(
        request,
        "ads_report.html",
        {"account": account, "tables": tables, "range": form("range", values, problems),
         "sync": sync_form},
        status=status,
    )  # fmt: skip


def _default_range(request: web.Request) -> dict[str, str]:
    today = request.app[CONTAINER].clock().now().date()
    return {
        "start": request.query.get("start", (today - timedelta(days=WINDOW_DAYS - 1)).isoformat()),
        "end": request.query.get("end", today.isoformat()),
    }


async def page(request: web.Request) -> web.Response:
    org = await organisation(request)
    return await _page(request, org, _default_range(request))


async def sync(request: web.Request) -> web.StreamResponse:
    org = await organisation(request)
    account_id = request.match_info["account_id"]
    values = await text_form(request)

    async def run() -> Any:
        day = _day(values.get("day", "").strip(), "day")
        return day, await ads(request).sync_reports(
            organisation_id=org, account_id=account_id, day=day
        )

    try:
        day, synced = await checked(run, ["day"])
    except FormProblems as problems:
        return await _page(request, org, _default_range(request), form("sync", values, problems))
    raise await done(
        request,
        reports_page(account_id, day - timedelta(days=WINDOW_DAYS - 1), day),
        f"Synced {day.isoformat()} from TikTok: {len(synced)} row(s).",
    )
