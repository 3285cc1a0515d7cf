"""The Accounts API's control API under ``/_sandbox/business/``: accounts, comments made by
"fans", faults, settings and the webhook deliveries sent."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import attrs
import cattrs
from aiohttp import web

from adapters.sandbox.business.keys import BUSINESS, BUSINESS_WEBHOOKS
from adapters.sandbox.business.settings import AccountSeed, BusinessFaults
from adapters.sandbox.business.state import add_comment

P = "/_sandbox/business"
routes = web.RouteTableDef()
converter = cattrs.Converter(forbid_extra_keys=True)
SETTABLE = {
    "auto_approve",
    "metric_lag_days",
    "inactive_after_days",
    "reply_max_chars",
    "webhook_url",
    "webhook_delay_s",
    "webhook_duplicate_rate",
    "account_qpm",
    "app_qpm",
}


def _problem(status: int, code: str, detail: str) -> web.HTTPException:
    exc = web.HTTPException(
        text=json.dumps({"code": code, "detail": detail}), content_type="application/problem+json"
    )
    exc.set_status(status)
    return exc


async def _json(request: web.Request) -> dict[str, Any]:
    try:
        data = json.loads(await request.text() or "{}")
    except ValueError:
        raise _problem(400, "invalid_json", "the body is not JSON") from None
    if not isinstance(data, dict):
        raise _problem(400, "invalid_json", "the body must be a JSON object")
    return data


def _structure(data: dict[str, Any], cls: type[Any]) -> Any:
    try:
        return converter.structure(data, cls)
    except (cattrs.BaseValidationError, TypeError, ValueError) as exc:
        raise _problem(400, "invalid_fields", str(exc)) from None


@routes.get(f"{P}/")
async def overview(request: web.Request) -> web.Response:
    sandbox = request.app[BUSINESS]
    s = sandbox.settings
    return web.json_response(
        {
            "app_id": s.app_id,
            "accounts": [converter.unstructure(a) for a in sandbox.state.accounts.values()],
            "calls": sandbox.state.calls,
            "rate_limited": sandbox.state.rate_limited,
            "replies_created": sandbox.state.replies_created,
            "comments": len(sandbox.state.comments),
            "settings": {k: getattr(s, k) for k in sorted(SETTABLE)},
        }
    )


@routes.post(f"{P}/reset")
async def reset(request: web.Request) -> web.Response:
    request.app[BUSINESS].reset()
    return web.json_response({"reset": True})


@routes.patch(f"{P}/settings")
async def patch_settings(request: web.Request) -> web.Response:
    sandbox = request.app[BUSINESS]
    data = await _json(request)
    unknown = set(data) - SETTABLE
    if unknown:
        raise _problem(400, "unknown_settings", f"not settable: {', '.join(sorted(unknown))}")
    for key, value in data.items():
        setattr(sandbox.settings, key, value)
    return web.json_response({k: getattr(sandbox.settings, k) for k in sorted(SETTABLE)})


@routes.post(f"{P}/accounts")
async def add_account(request: web.Request) -> web.Response:
    sandbox = request.app[BUSINESS]
    account = _structure(await _json(request), AccountSeed)
    try:
        sandbox.add_account(account)
    except ValueError as exc:
        raise _problem(409, "account_exists", str(exc)) from None
    return web.json_response(converter.unstructure(account), status=201)


@routes.get(f"{P}/accounts/{{username}}/videos")
async def videos(request: web.Request) -> web.Response:
    sandbox = request.app[BUSINESS]
    account = sandbox.state.account_by_username(request.match_info["username"])
    if account is None:
        raise _problem(404, "unknown_account", request.match_info["username"])
    return web.json_response(
        [
            {
                "item_id": v.item_id,
                "create_time": int(v.create_time.timestamp()),
                "views": v.views,
                "reach": v.reach,
                "total_time_watched": v.total_time_watched,
                "average_time_watched": v.average_time_watched,
                "full_video_watched_rate": v.full_video_watched_rate,
                "last_activity": int(v.last_activity.timestamp()),
            }
            for v in sandbox.state.videos_of(account.business_id)
        ]
    )


@attrs.frozen
class NewComments:
    username: str
    count: int = 1
    video_id: str | None = None  # None: the account's newest video
    text: str = "Love this"
    parent_comment_id: str | None = None
    author: str = "fan"


@routes.post(f"{P}/comments")
async def make_comments(request: web.Request) -> web.Response:
    """Fans comment (or reply): each comment stored and its comment.update sent."""
    sandbox = request.app[BUSINESS]
    spec = _structure(await _json(request), NewComments)
    account = sandbox.state.account_by_username(spec.username)
    if account is None:
        raise _problem(404, "unknown_account", spec.username)
    videos = sandbox.state.videos_of(account.business_id)
    video = (
        next((v for v in videos if v.item_id == spec.video_id), None)
        if spec.video_id
        else (videos[0] if videos else None)
    )
    if video is None:
        raise _problem(404, "unknown_video", str(spec.video_id))
    made = []
    start = sandbox.now()
    for n in range(spec.count):
        comment = add_comment(
            sandbox.state,
            video,
            start + timedelta(milliseconds=n),
            spec.text if spec.count == 1 else f"{spec.text} {n + 1}",
            f"{spec.author}{n + 1}",
            parent=spec.parent_comment_id,
            likes=(n * 37) % 101,
        )
        request.app[BUSINESS_WEBHOOKS].comment_update(comment, "insert")
        made.append(comment.comment_id)
    return web.json_response({"video_id": video.item_id, "comment_ids": made}, status=201)


@routes.get(f"{P}/comments")
async def list_comments(request: web.Request) -> web.Response:
    sandbox = request.app[BUSINESS]
    video_id = request.query.get("video_id")
    return web.json_response(
        [
            {
                "comment_id": c.comment_id,
                "video_id": c.video_id,
                "text": c.text,
                "owner": c.owner,
                "parent_comment_id": c.parent_comment_id,
                "status": c.status,
                "deleted": c.deleted,
            }
            for c in sandbox.state.comments.values()
            if video_id is None or c.video_id == video_id
        ]
    )


@routes.get(f"{P}/faults")
async def get_faults(request: web.Request) -> web.Response:
    return web.json_response(converter.unstructure(request.app[BUSINESS].settings.faults))


@routes.put(f"{P}/faults")
async def put_faults(request: web.Request) -> web.Response:
    sandbox = request.app[BUSINESS]
    sandbox.settings.faults = _structure(await _json(request), BusinessFaults)
    return web.json_response(converter.unstructure(sandbox.settings.faults))


@routes.get(f"{P}/webhooks")
async def deliveries(request: web.Request) -> web.Response:
    return web.json_response(
        [
            {
                "event": d.event,
                "attempts": d.attempts,
                "delivered": d.delivered,
                "status": d.last_status,
            }
            for d in request.app[BUSINESS].state.deliveries
        ]
    )


@routes.post(f"{P}/webhooks/drain")
async def drain(request: web.Request) -> web.Response:
    await request.app[BUSINESS_WEBHOOKS].drain()
    return web.json_response({"drained": True})
