"""``GET /business/get/`` (profile, daily metrics, audience) and ``GET /business/video/list/``
(lifetime per-video metrics; fields emptied after inactivity are null, never 0)."""

from __future__ import annotations

from datetime import date, timedelta

from aiohttp import web

from adapters.sandbox.business.core import (
    PARAM_ERROR,
    BusinessError,
    BusinessSandbox,
    int_param,
    json_array,
    json_object,
)
from adapters.sandbox.business.handlers import api
from adapters.sandbox.business.state import Video, account_created, day_metrics, demographics

V = "/open_api/v1.3"
LOOKBACK_DAYS = 60
EMPTIABLE = (
    "reach",
    "full_video_watched_rate",
    "total_time_watched",
    "average_time_watched",
    "impression_sources",
    "audience_countries",
)
routes = web.RouteTableDef()


def _day(raw: str | None, default: date, name: str) -> date:
    if raw is None:
        return default
    try:
        return date.fromisoformat(raw)
    except ValueError:
        raise BusinessError(PARAM_ERROR, f"{name}: must be YYYY-MM-DD.") from None


@routes.get(f"{V}/business/get/")
@api
async def business_get(request: web.Request, sandbox: BusinessSandbox) -> web.Response:
    grant = sandbox.authenticate(request, "business_get", ("user.info.basic",))
    business_id = sandbox.business_id(grant, request.query.get("business_id"))
    account = sandbox.state.accounts[business_id]
    fields = json_array(request, "fields") or ["display_name", "profile_image"]
    today = sandbox.now().date()
    start = _day(request.query.get("start_date"), today - timedelta(days=7), "start_date")
    end = _day(request.query.get("end_date"), today - timedelta(days=1), "end_date")
    if end < start:
        raise BusinessError(PARAM_ERROR, "end_date must not be before start_date.")
    if start < today - timedelta(days=LOOKBACK_DAYS):
        raise BusinessError(PARAM_ERROR, f"start_date: at most {LOOKBACK_DAYS} days back.")
    if ("metrics" in fields or any(f.startswith("audience_") for f in map(str, fields))) and (
        "user.insights" not in grant.scopes
    ):
        raise BusinessError(40001, "No permission: scope user.insights missing.")
    videos = sandbox.state.videos_of(business_id)
    profile: dict[str, object] = {
        "display_name": account.display_name,
        "username": account.username,
        "profile_image": f"https://p16.sandbox.tiktok/{account.username}.jpeg?x-expires=1",
        "is_business_account": account.is_business_account,
        "profile_deep_link": f"https://vm.tiktok.com/{account.username}/",
        "bio_description": "",
        "is_verified": False,
        "followers_count": account.followers,
        "following_count": 120,
        "total_likes": sum(v.likes for v in videos),
        "videos_count": len(videos),
    }
    data = {k: v for k, v in profile.items() if k in fields}
    if "metrics" in fields:
        last = min(end, today - timedelta(days=sandbox.settings.metric_lag_days))
        first = max(start, account_created(account, sandbox.now()))
        data["metrics"] = [
            day_metrics(account, first + timedelta(days=n), sandbox.settings.seed)
            for n in range((last - first).days + 1)
        ]
    if account.is_business_account and account.followers >= 100:
        data |= {k: v for k, v in demographics(account).items() if k in fields}
    return sandbox.answer(data)


VIDEO_FIELDS = (
    "item_id",
    "create_time",
    "caption",
    "video_duration",
    "likes",
    "comments",
    "shares",
    "favorites",
    "reach",
    "video_views",
    "total_time_watched",
    "average_time_watched",
    "full_video_watched_rate",
    "new_followers",
    "profile_views",
    "video_view_retention",
    "impression_sources",
    "share_url",
    "audience_countries",
)


def video_json(sandbox: BusinessSandbox, video: Video, fields: list[str]) -> dict[str, object]:
    now = sandbox.now()
    lagging = now - video.create_time < timedelta(days=sandbox.settings.metric_lag_days)
    inactive = now - video.last_activity > timedelta(days=sandbox.settings.inactive_after_days)
    full: dict[str, object] = {
        "item_id": video.item_id,
        "create_time": str(int(video.create_time.timestamp())),
        "caption": video.caption,
        "video_duration": video.duration,
        "share_url": f"https://www.tiktok.com/@sandbox/video/{video.item_id}",
    }
    if lagging:  # T+24-48 h: nothing measured yet
        full |= {f: None for f in VIDEO_FIELDS if f not in full}
    else:
        full |= {
            "likes": video.likes,
            "comments": video.comments,
            "shares": video.shares,
            "favorites": video.likes // 7,
            "reach": video.reach,
            "video_views": video.views,
            "total_time_watched": video.total_time_watched,
            "average_time_watched": video.average_time_watched,
            "full_video_watched_rate": video.full_video_watched_rate,
            "new_followers": video.new_followers,
            "profile_views": video.views // 40,
            "video_view_retention": _retention(video),
            "impression_sources": [
                {"impression_source": s, "percentage": p} for s, p in video.sources
            ],
            "audience_countries": [{"country": "US", "percentage": 0.5}],
        }
        if inactive:
            full |= dict.fromkeys(EMPTIABLE)
    return {k: v for k, v in full.items() if k in fields}


def _retention(video: Video) -> list[dict[str, object]]:
    seconds = max(1, int(video.duration))
    step = max(1, seconds // 10)
    return [
        {
            "second": str(s),
            "percentage": round(1 - (1 - video.full_video_watched_rate) * s / seconds, 4),
        }
        for s in range(0, seconds + 1, step)
    ]


@routes.get(f"{V}/business/video/list/")
@routes.get(f"{V}/business/videos/list/")  # the v1.2-style plural some SDKs use
@api
async def video_list(request: web.Request, sandbox: BusinessSandbox) -> web.Response:
    grant = sandbox.authenticate(request, "video_list", ("video.list",))
    business_id = sandbox.business_id(grant, request.query.get("business_id"))
    fields = [str(f) for f in (json_array(request, "fields") or ["item_id"])]
    if len(fields) > 1 and "item_id" not in fields:
        raise BusinessError(PARAM_ERROR, "fields: must include item_id.")
    unknown = [f for f in fields if f not in VIDEO_FIELDS]
    if unknown:
        raise BusinessError(PARAM_ERROR, f"fields: unknown {', '.join(unknown)}.")
    insights = {
        "total_time_watched",
        "average_time_watched",
        "full_video_watched_rate",
        "video_view_retention",
        "impression_sources",
        "new_followers",
        "profile_views",
    }
    if insights & set(fields) and "video.insights" not in grant.scopes:
        raise BusinessError(40001, "No permission: scope video.insights missing.")
    filters = json_object(request, "filters")
    max_count = int_param(request, "max_count", 10, 1, 20)
    now_ms = int(sandbox.now().timestamp() * 1000)
    cursor = int_param(request, "cursor", now_ms, 0, 2**53)
    videos = sandbox.state.videos_of(business_id)
    wanted = filters.get("video_ids")
    if isinstance(wanted, list):
        if len(wanted) > 20:
            raise BusinessError(40011, "Too many video_ids (max 20).")
        videos = [v for v in videos if v.item_id in {str(w) for w in wanted}]
    older = [v for v in videos if int(v.create_time.timestamp() * 1000) < cursor]
    take = max_count
    if len(older) > max_count and sandbox.dice.random() < sandbox.settings.faults.short_page_rate:
        take = max(1, max_count // 2)  # a short page while has_more stays true
    page = older[:take]
    has_more = len(older) > len(page)
    next_cursor = int(page[-1].create_time.timestamp() * 1000) if page else cursor
    return sandbox.answer(
        {
            "videos": [video_json(sandbox, v, fields) for v in page],
            "cursor": next_cursor,
            "has_more": has_more,
        }
    )
