"""The control API under /_sandbox/: inspect and steer the emulator from tests and scripts."""

from __future__ import annotations

import enum
import json
from typing import Any

import attrs
import cattrs
from aiohttp import web

from adapters.sandbox.keys import PROCESSOR, SANDBOX, WEBHOOKS
from adapters.sandbox.settings import (
    CreatorSeed,
    Faults,
    MbReading,
    UnknownFields,
    UploadAnswerBody,
)
from adapters.sandbox.state import PubKind, Publication, Status

routes = web.RouteTableDef()
converter = cattrs.Converter(forbid_extra_keys=True)
SETTABLE = {
    "auto_approve",
    "webhook_url",
    "verified_prefixes",
    "processing_delay",
    "moderation_delay",
    "audited",
    "active_user_cap",
    "daily_post_cap",
    "pending_share_cap",
    "mb_reading",
    "unknown_fields",
    "upload_answer_body",
    "oauth_error_status",
    "duplicate_webhooks",
    "webhook_retry_base",
    "webhook_max_attempts",
}

CHOICES: dict[str, type[enum.StrEnum]] = {
    "mb_reading": MbReading,
    "unknown_fields": UnknownFields,
    "upload_answer_body": UploadAnswerBody,
}


class _Problem(web.HTTPException):
    def __init__(self, status: int, body: str) -> None:
        self.status_code = status
        super().__init__(text=body, content_type="application/problem+json")


def problem(status: int, code: str, detail: str) -> web.HTTPException:
    """A JSON problem body with a stable code."""
    return _Problem(status, json.dumps({"code": code, "detail": detail}))


async def _json(request: web.Request) -> dict[str, Any]:
    try:
        data = await request.json() if await request.read() else {}
    except ValueError:
        raise problem(400, "invalid_json", "the body is not JSON") from None
    if not isinstance(data, dict):
        raise problem(400, "invalid_json", "the body must be a JSON object")
    return data


def _structure(data: dict[str, Any], cls: type[Any]) -> Any:
    try:
        return converter.structure(data, cls)
    except (cattrs.BaseValidationError, TypeError, ValueError) as exc:
        messages = (
            cattrs.transform_error(exc)
            if isinstance(exc, cattrs.BaseValidationError)
            else [str(exc)]
        )
        raise problem(400, "invalid_fields", "; ".join(messages)) from None


def _creator_json(creator: CreatorSeed) -> dict[str, Any]:
    return converter.unstructure(creator)  # type: ignore[no-any-return]


# ---- overview, settings, reset ------------------------------------------------------------


@routes.get("/_sandbox/")
async def overview(request: web.Request) -> web.Response:
    sandbox = request.app[SANDBOX]
    s = sandbox.settings
    return web.json_response(
        {
            "client_key": s.client_key,
            "auto_approve": s.auto_approve,
            "audited": s.audited,
            "webhook_url": s.webhook_url,
            "verified_prefixes": list(s.verified_prefixes),
            "mb_reading": s.mb_reading.value,
            "unknown_fields": s.unknown_fields.value,
            "upload_answer_body": s.upload_answer_body.value,
            "token_lifetimes_s": {
                "access": int(s.access_lifetime.total_seconds()),
                "refresh": int(s.refresh_lifetime.total_seconds()),
                "rotates": s.rotates,
            },
            "creators": len(sandbox.state.creators),
            "publications": len(sandbox.state.publications),
            "posts": len(sandbox.state.posts),
            "rate_limited": sandbox.windows.rejected,
            "rate_limited_by_endpoint": dict(sandbox.windows.rejected_by_endpoint),
        }
    )


@routes.patch("/_sandbox/settings")
async def patch_settings(request: web.Request) -> web.Response:
    sandbox = request.app[SANDBOX]
    changes = await _json(request)
    unknown = set(changes) - SETTABLE
    if unknown:
        raise problem(400, "unknown_settings", f"not settable: {', '.join(sorted(unknown))}")
    if "verified_prefixes" in changes:
        changes["verified_prefixes"] = tuple(changes["verified_prefixes"])
    for key, choice in CHOICES.items():
        if key in changes:
            try:
                changes[key] = choice(changes[key])
            except ValueError:
                allowed = ", ".join(c.value for c in choice)
                raise problem(400, "invalid_fields", f"{key}: one of {allowed}") from None
    for key, value in changes.items():
        setattr(sandbox.settings, key, value)
    return web.json_response({"changed": sorted(changes)})


@routes.post("/_sandbox/reset")
async def reset(request: web.Request) -> web.Response:
    request.app[SANDBOX].reset()
    return web.json_response({"reset": True})


# ---- creators and the logged-in session ------------------------------------------------------


@routes.get("/_sandbox/creators")
async def list_creators(request: web.Request) -> web.Response:
    creators = request.app[SANDBOX].state.creators.values()
    return web.json_response([_creator_json(c) for c in creators])


@routes.post("/_sandbox/creators")
async def add_creator(request: web.Request) -> web.Response:
    sandbox = request.app[SANDBOX]
    seed = _structure(await _json(request), CreatorSeed)
    try:
        sandbox.add_creator(seed)
    except ValueError as exc:
        raise problem(409, "creator_exists", str(exc)) from None
    return web.json_response(_creator_json(seed), status=201)


@routes.patch("/_sandbox/creators/{username}")
async def patch_creator(request: web.Request) -> web.Response:
    sandbox = request.app[SANDBOX]
    creator = sandbox.state.creator_by_username(request.match_info["username"])
    if creator is None:
        raise problem(404, "creator_not_found", request.match_info["username"])
    changes = await _json(request)
    fixed = {"username", "open_id", "union_id"} & set(changes)
    if fixed:
        raise problem(400, "immutable_fields", f"cannot change {', '.join(sorted(fixed))}")
    merged = _structure({**_creator_json(creator), **changes}, CreatorSeed)
    for field in attrs.fields(CreatorSeed):
        setattr(creator, field.name, getattr(merged, field.name))
    return web.json_response(_creator_json(creator))


@routes.post("/_sandbox/session")
async def set_session(request: web.Request) -> web.Response:
    sandbox = request.app[SANDBOX]
    username = (await _json(request)).get("username", "")
    creator = sandbox.state.creator_by_username(str(username))
    if creator is None:
        raise problem(404, "creator_not_found", str(username))
    sandbox.state.session_open_id = creator.open_id
    return web.json_response({"logged_in_as": creator.username})


# ---- what is on "TikTok" -----------------------------------------------------------------


@routes.get("/_sandbox/posts")
async def list_posts(request: web.Request) -> web.Response:
    sandbox = request.app[SANDBOX]
    username = request.query.get("username")
    include_seeded = request.query.get("seeded") == "1"
    rows = []
    for post in sandbox.state.posts:
        creator = sandbox.state.creators.get(post.open_id)
        if (username and (creator is None or creator.username != username)) or (
            post.seeded and not include_seeded
        ):
            continue
        rows.append(
            {
                "id": str(post.id),
                "username": creator.username if creator else None,
                "publish_id": post.publish_id,
                "create_time": post.create_time,
                "caption": post.caption,
                "privacy_level": post.privacy_level,
                "media_sha256": list(post.media_sha256),
                "is_photo": post.is_photo,
                "duration": post.duration,
            }
        )
    return web.json_response(rows)


def _publication(request: web.Request) -> Publication:
    pub = request.app[SANDBOX].state.publications.get(request.match_info["publish_id"])
    if pub is None:
        raise problem(404, "publication_not_found", request.match_info["publish_id"])
    return pub


@routes.get("/_sandbox/publications")
async def list_publications(request: web.Request) -> web.Response:
    """Every init TikTok accepted, in order: who, when, and where it stands."""
    pubs = request.app[SANDBOX].state.publications.values()
    return web.json_response(
        [
            {
                "publish_id": p.publish_id,
                "open_id": p.open_id,
                "kind": p.kind.value,
                "created_at": p.created_at.isoformat(),
                "status": p.status.value,
            }
            for p in sorted(pubs, key=lambda p: (p.created_at, p.publish_id))
        ]
    )


@routes.get("/_sandbox/publications/{publish_id}")
async def show_publication(request: web.Request) -> web.Response:
    pub = _publication(request)
    return web.json_response(
        {
            "publish_id": pub.publish_id,
            "open_id": pub.open_id,
            "kind": pub.kind.value,
            "source": pub.source,
            "status": pub.status.value,
            "fail_reason": pub.fail_reason,
            "post_info": pub.post_info,
            "uploaded_bytes": pub.uploaded_bytes,
            "downloaded_bytes": pub.downloaded_bytes,
            "post_ids": [str(i) for i in pub.post_ids],
            "media_sha256": list(pub.media_sha256),
            "pending_share": pub.pending_share,
        }
    )


@routes.post("/_sandbox/inbox/{publish_id}/post")
async def post_inbox_draft(request: web.Request) -> web.Response:
    """Act as the creator: open the inbox notification and post the draft."""
    pub = _publication(request)
    if pub.status is not Status.SEND_TO_USER_INBOX:
        raise problem(409, "not_in_inbox", f"the publication is {pub.status.value}")
    choice = await _json(request)
    privacy = str(choice.get("privacy_level", "PUBLIC_TO_EVERYONE"))
    caption = str(
        choice.get(
            "caption", pub.post_info.get("title", "") or pub.post_info.get("description", "")
        )
    )
    post = request.app[PROCESSOR].post(pub, privacy, caption)
    return web.json_response({"post_id": str(post.id), "status": pub.status.value})


@routes.post("/_sandbox/inbox/{publish_id}/lapse")
async def lapse_inbox_draft(request: web.Request) -> web.Response:
    """The creator never posts the draft: it stops counting as a pending share."""
    pub = _publication(request)
    if (
        pub.kind not in (PubKind.INBOX_VIDEO, PubKind.PHOTO_UPLOAD)
        or pub.status is not Status.SEND_TO_USER_INBOX
    ):
        raise problem(409, "not_in_inbox", f"the publication is {pub.status.value}")
    pub.pending_share = False
    return web.json_response({"status": pub.status.value, "pending_share": False})


# ---- tokens, faults, webhooks ---------------------------------------------------------------


@routes.post("/_sandbox/tokens/revoke")
async def revoke_tokens(request: web.Request) -> web.Response:
    """Revoke a creator's tokens as TikTok would (user disconnects, account banned...)."""
    sandbox = request.app[SANDBOX]
    data = await _json(request)
    creator = sandbox.state.creator_by_username(str(data.get("username", "")))
    grant = sandbox.state.access.get(str(data.get("access_token", "")))
    open_id = creator.open_id if creator else (grant.open_id if grant else None)
    if open_id is None:
        raise problem(404, "not_found", "give a known username or access_token")
    revoked = sandbox.revoke_open_id(open_id)
    reason = data.get("reason", 1)
    if not isinstance(reason, int) or not 0 <= reason <= 5:
        raise problem(400, "invalid_fields", "reason must be 0 to 5")
    request.app[WEBHOOKS].authorization_removed(open_id, reason=reason)
    return web.json_response({"revoked": revoked})


@routes.get("/_sandbox/faults")
async def get_faults(request: web.Request) -> web.Response:
    return web.json_response(converter.unstructure(request.app[SANDBOX].settings.faults))


@routes.put("/_sandbox/faults")
async def put_faults(request: web.Request) -> web.Response:
    sandbox = request.app[SANDBOX]
    current = converter.unstructure(sandbox.settings.faults)
    sandbox.settings.faults = _structure({**current, **await _json(request)}, Faults)
    return web.json_response(converter.unstructure(sandbox.settings.faults))


@routes.get("/_sandbox/webhooks")
async def list_webhooks(request: web.Request) -> web.Response:
    return web.json_response(
        [
            {
                "event": d.event,
                "body": d.body,
                "attempts": d.attempts,
                "delivered": d.delivered,
                "last_status": d.last_status,
                "last_error": d.last_error,
            }
            for d in request.app[SANDBOX].state.deliveries
        ]
    )
