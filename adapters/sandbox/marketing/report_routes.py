"""The synchronous integrated report (BASIC): figures consistent with the objects."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from aiohttp import web

from adapters.sandbox.marketing.core import (
    MarketingError,
    MarketingSandbox,
    json_param,
    metric_strings,
)
from adapters.sandbox.marketing.endpoint import endpoint

routes = web.RouteTableDef()
LEVELS = {"AUCTION_CAMPAIGN": ("campaign", "campaign_id"), "AUCTION_ADGROUP": ("adgroup", "adgroup_id"),
          "AUCTION_AD": ("ad", "ad_id")}  # fmt: skip
MAX_DAYS = 30


@endpoint(routes, "GET", "/report/integrated/get/")
async def integrated(
    request: web.Request, m: MarketingSandbox, body: dict[str, Any]
) -> dict[str, Any]:
    q = request.query
    advertiser = q.get("advertiser_id", "")
    if q.get("report_type") != "BASIC":
        raise MarketingError(40014, "Only report_type BASIC is emulated.")
    level = LEVELS.get(q.get("data_level", ""))
    if level is None:
        raise MarketingError(40002, "data_level is invalid.")
    kind, id_dim = level
    dimensions = json_param(request, "dimensions", []) or []
    if id_dim not in dimensions:
        raise MarketingError(40002, f"dimensions must include {id_dim}.")
    metrics = json_param(request, "metrics", []) or []
    try:
        start, end = (
            date.fromisoformat(q.get("start_date", "")),
            date.fromisoformat(q.get("end_date", "")),
        )
    except ValueError:
        raise MarketingError(40002, "start_date and end_date are YYYY-MM-DD.") from None
    if end < start or (end - start).days >= MAX_DAYS:
        raise MarketingError(40002, f"the date range is 1 to {MAX_DAYS} days.")
    m.settle_reviews()
    rows = []
    days = [start + timedelta(days=i) for i in range((end - start).days + 1)]
    for obj in m.state.of_kind(kind, advertiser):
        for day in days:
            figures = m.figures(obj, day)
            if figures is None:
                continue
            values = metric_strings(figures)
            dims = {id_dim: obj.id}
            if "stat_time_day" in dimensions:
                dims["stat_time_day"] = f"{day.isoformat()} 00:00:00"
            rows.append(
                {"dimensions": dims, "metrics": {k: values[k] for k in metrics if k in values}}
            )
    page = int(q.get("page", "1"))
    size = min(int(q.get("page_size", "10")), 1000)
    total = len(rows)
    return {
        "list": rows[(page - 1) * size : page * size],
        "page_info": {"page": page, "page_size": size, "total_number": total,
                      "total_page": max(1, -(-total // size))},
    }  # fmt: skip
