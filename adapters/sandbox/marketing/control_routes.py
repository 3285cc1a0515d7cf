"""Control API under /_sandbox/marketing/: state, faults, settings, auth codes, reviews."""

from __future__ import annotations

from typing import Any

import attrs
from aiohttp import web

from adapters.sandbox.marketing.endpoint import MARKETING
from adapters.sandbox.marketing.oauth_routes import issue_auth_code
from adapters.sandbox.marketing.subscriptions import DELIVERER

routes = web.RouteTableDef()
BASE = "/_sandbox/marketing"
SETTABLE = ("review_delay_s", "reject_word", "video_processing_s", "audience_processing_s",
            "endpoint_qpm", "advertiser_qps", "secondary_status", "sign_webhooks")  # fmt: skip


@routes.get(f"{BASE}/")
async def summary(request: web.Request) -> web.Response:
    m = request.app[MARKETING]
    s = m.state
    return web.json_response({
        "app_id": m.settings.app_id,
        "advertisers": [attrs.asdict(a) for a in m.settings.advertisers],
        "creates": s.creates,
        "objects": {k: len([o for o in s.objects.values() if o.kind == k]) for k in s.creates},
        "audiences": len(s.audiences),
        "audience_files": len(s.files),
        "unhashed_lines_seen": s.unhashed_lines_seen,
        "deliveries": len(s.deliveries),
        "rejected_by_limit": m.rejected_by_limit,
        "tokens": len(s.tokens),
    })  # fmt: skip


@routes.post(f"{BASE}/auth-codes")
async def auth_code(request: web.Request) -> web.Response:
    m = request.app[MARKETING]
    body: dict[str, Any] = await request.json() if request.can_read_body else {}
    code = issue_auth_code(m, body.get("advertiser_ids"))
    return web.json_response({"auth_code": code})


@routes.post(f"{BASE}/faults")
async def faults(request: web.Request) -> web.Response:
    m = request.app[MARKETING]
    body = await request.json()
    f = m.settings.faults
    f.lose_next_create_answers = int(
        body.get("lose_next_create_answers", f.lose_next_create_answers)
    )
    f.next_codes = [int(c) for c in body.get("next_codes", f.next_codes)]
    return web.json_response(attrs.asdict(f))


@routes.patch(f"{BASE}/settings")
async def settings(request: web.Request) -> web.Response:
    m = request.app[MARKETING]
    body = await request.json()
    unknown = set(body) - set(SETTABLE) - {"duplicate_deliveries"}
    if unknown:
        return web.json_response({"error": f"unknown settings: {sorted(unknown)}"}, status=400)
    for name in SETTABLE:
        if name in body:
            setattr(m.settings, name, body[name])
    if "duplicate_deliveries" in body:
        request.app[DELIVERER].duplicate = bool(body["duplicate_deliveries"])
    return web.json_response({name: getattr(m.settings, name) for name in SETTABLE})


@routes.post(f"{BASE}/deliver")
async def deliver(request: web.Request) -> web.Response:
    """Settle reviews and send deliveries now (tests need not wait for the tick)."""
    sent = await request.app[DELIVERER].tick()
    return web.json_response({"sent": sent})


@routes.get(f"{BASE}/deliveries")
async def deliveries(request: web.Request) -> web.Response:
    return web.json_response(request.app[MARKETING].state.deliveries)


@routes.post(f"{BASE}/reset")
async def reset(request: web.Request) -> web.Response:
    request.app[MARKETING].reset()
    return web.json_response({"reset": True})
