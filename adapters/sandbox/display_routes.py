"""Display API: a creator's public videos, listed by cursor or queried by id."""

from __future__ import annotations

from typing import Any

from aiohttp import web

from adapters.sandbox import body as b
from adapters.sandbox.core import Sandbox
from adapters.sandbox.keys import SANDBOX
from adapters.sandbox.metrics import counts
from adapters.sandbox.responses import ApiError, envelope
from adapters.sandbox.state import TikTokPost

routes = web.RouteTableDef()
VIDEO_FIELDS = (
    "id",
    "create_time",
    "cover_image_url",
    "share_url",
    "video_description",
    "duration",
    "height",
    "width",
    "title",
    "embed_html",
    "embed_link",
    "like_count",
    "comment_count",
    "share_count",
    "view_count",
)


def _fields(request: web.Request) -> list[str]:
    unknown = request.app[SANDBOX].settings.unknown_fields
    return b.requested_fields(request.query.get("fields", ""), VIDEO_FIELDS, unknown)


def _video(sandbox: Sandbox, post: TikTokPost, fields: list[str]) -> dict[str, Any]:
    key, vid = sandbox.settings.client_key, str(post.id)
    username = sandbox.state.creators[post.open_id].username
    link = f"https://www.tiktok.com/static/profile-video?id={vid}&hide_author=1"
    full: dict[str, Any] = {
        "id": vid,
        "create_time": post.create_time,
        "cover_image_url": f"https://sandbox.tiktok.test/cover/{vid}.jpg",
        "share_url": f"https://www.tiktok.com/@{username}/video/{vid}"
        f"?utm_campaign=tt4d_open_api&utm_source={key}",
        "video_description": post.caption[:150],
        "duration": post.duration,
        "height": post.height,
        "width": post.width,
        "title": post.caption[:150],
        "embed_html": f'<blockquote class="tiktok-embed" cite="{link}"></blockquote>',
        "embed_link": link,
        **counts(post, int(sandbox.now().timestamp()), sandbox.settings.seed),
    }
    return {f: full[f] for f in fields}


def _public_posts(sandbox: Sandbox, open_id: str) -> list[TikTokPost]:
    posts = [p for p in sandbox.posts_of(open_id) if p.public]
    return sorted(posts, key=lambda p: (p.create_time, p.id), reverse=True)


@routes.post("/v2/video/list/")
async def video_list(request: web.Request) -> web.Response:
    sandbox = request.app[SANDBOX]
    grant = sandbox.authenticate(request, "video_list", ("video.list",))
    fields = _fields(request)
    body = await b.json_body(request, "invalid_params")
    try:
        cursor = b.integer(body, "cursor", "cursor", minimum=0)
        max_count = b.integer(body, "max_count", "max_count", minimum=1) or 10
    except ApiError as exc:
        raise ApiError(400, "invalid_params", exc.message) from None
    if max_count > 20:
        raise ApiError(400, "invalid_params", "max_count must be 20 or less.")
    posts = _public_posts(sandbox, grant.open_id)
    if cursor is not None:  # a millisecond timestamp: videos posted before it
        posts = [p for p in posts if p.create_time * 1000 < cursor]
    page = posts[:max_count]
    has_more = len(posts) > max_count
    next_cursor = page[-1].create_time * 1000 if page else (cursor or 0)
    return envelope(
        {
            "videos": [_video(sandbox, p, fields) for p in page],
            "cursor": next_cursor,
            "has_more": has_more,
        },
        sandbox.now(),
    )


@routes.post("/v2/video/query/")
async def video_query(request: web.Request) -> web.Response:
    sandbox = request.app[SANDBOX]
    grant = sandbox.authenticate(request, "video_query", ("video.list",))
    fields = _fields(request)
    body = await b.json_body(request, "invalid_params")
    filters = body.get("filters")
    ids = filters.get("video_ids") if isinstance(filters, dict) else None
    if not isinstance(ids, list) or not ids or not all(isinstance(i, str) for i in ids):
        raise ApiError(400, "invalid_params", "filters.video_ids must list video ids.")
    if len(ids) > 20:
        raise ApiError(400, "invalid_params", "filters.video_ids takes at most 20 ids.")
    wanted = set(ids)
    owned = [p for p in sandbox.posts_of(grant.open_id) if str(p.id) in wanted]
    return envelope(
        {"videos": [_video(sandbox, p, fields) for p in owned], "cursor": 0, "has_more": False},
        sandbox.now(),
    )
