"""Comments: list (offset cursor, max 30, pages past 500 overlap), replies, reply create
(not idempotent: a retry posts again), hide/unhide, delete (own comments only), and the
app-level webhook configuration."""

from __future__ import annotations

from aiohttp import web

from adapters.sandbox.business.core import (
    NOT_FOUND,
    PARAM_ERROR,
    BusinessError,
    BusinessSandbox,
    int_param,
    json_array,
)
from adapters.sandbox.business.handlers import api, body, text_field, webhooks
from adapters.sandbox.business.state import Comment, Video, add_comment

V = "/open_api/v1.3"
OVERLAP = 5  # items repeated at the start of each page past ``overlap_after``
routes = web.RouteTableDef()


def comment_json(
    sandbox: BusinessSandbox, c: Comment, *, replies: bool = False
) -> dict[str, object]:
    children = [
        r
        for r in sandbox.state.comments.values()
        if r.parent_comment_id == c.comment_id and not r.deleted
    ]
    data: dict[str, object] = {
        "comment_id": c.comment_id,
        "video_id": c.video_id,
        "user_id": f"u-{c.username}",
        "unique_identifier": f"uid-{c.comment_id}",
        "create_time": str(int(c.create_time.timestamp())),
        "text": c.text,
        "likes": c.likes,
        "replies": len(children),
        "owner": c.owner,
        "liked": False,
        "pinned": False,
        "status": c.status,
        "username": c.username,
        "display_name": c.display_name,
        "profile_image": f"https://p16.sandbox.tiktok/{c.username}.jpeg?x-expires=1",
    }
    if c.parent_comment_id:
        data["parent_comment_id"] = c.parent_comment_id
    if replies:
        children.sort(key=lambda r: r.create_time)
        data["reply_list"] = [comment_json(sandbox, r) for r in children[:3]]
    return data


def _video(sandbox: BusinessSandbox, business_id: str, video_id: object) -> Video:
    if not video_id:
        raise BusinessError(PARAM_ERROR, "video_id: required.")
    video = sandbox.state.videos.get(str(video_id))
    if video is None or video.business_id != business_id:
        raise BusinessError(NOT_FOUND, "The video does not exist.")
    return video


def _comment(sandbox: BusinessSandbox, business_id: str, comment_id: object) -> Comment:
    comment = sandbox.state.comments.get(str(comment_id or ""))
    if comment is None or comment.business_id != business_id or comment.deleted:
        raise BusinessError(NOT_FOUND, "The comment does not exist.")
    return comment


def _page(
    sandbox: BusinessSandbox, items: list[Comment], cursor: int, max_count: int, replies: bool
) -> web.Response:
    start = cursor
    if cursor >= sandbox.settings.overlap_after:  # TikTok: past 500, pages may repeat items
        start = max(0, cursor - min(OVERLAP, max_count - 1))
    page = items[start : start + max_count]
    after = start + max_count
    return sandbox.answer(
        {
            "comments": [comment_json(sandbox, c, replies=replies) for c in page],
            "cursor": after,
            "has_more": after < len(items),
        }
    )


def _sorted(request: web.Request, items: list[Comment]) -> list[Comment]:
    field = request.query.get("sort_field", "create_time")
    order = request.query.get("sort_order") or request.query.get("sort_type") or "smart"
    if field not in ("likes", "replies", "create_time") or order not in ("asc", "desc", "smart"):
        raise BusinessError(PARAM_ERROR, "sort_field or sort_order: unknown value.")
    key = (
        (lambda c: (c.likes, c.comment_id))
        if field == "likes"
        else (lambda c: (c.create_time, c.comment_id))
    )
    return sorted(items, key=key, reverse=order != "asc")


@routes.get(f"{V}/business/comment/list/")
@api
async def comment_list(request: web.Request, sandbox: BusinessSandbox) -> web.Response:
    grant = sandbox.authenticate(request, "comment_list", ("comment.list",))
    business_id = sandbox.business_id(grant, request.query.get("business_id"))
    video = _video(sandbox, business_id, request.query.get("video_id"))
    status = request.query.get("status", "ALL")
    if status not in ("PUBLIC", "ALL"):
        raise BusinessError(PARAM_ERROR, "status: PUBLIC or ALL.")
    ids = json_array(request, "comment_ids")
    if ids is not None and len(ids) > 30:
        raise BusinessError(40011, "comment_ids: at most 30.")
    items = [
        c
        for c in sandbox.state.comments.values()
        if c.video_id == video.item_id
        and not c.deleted
        and not c.parent_comment_id
        and (status == "ALL" or c.status == "PUBLIC")
        and (ids is None or c.comment_id in {str(i) for i in ids})
    ]
    return _page(
        sandbox,
        _sorted(request, items),
        int_param(request, "cursor", 0, 0, 10**9),
        int_param(request, "max_count", 20, 1, 30),
        request.query.get("include_replies", "false").lower() == "true",
    )


@routes.get(f"{V}/business/comment/reply/list/")
@api
async def reply_list(request: web.Request, sandbox: BusinessSandbox) -> web.Response:
    grant = sandbox.authenticate(request, "comment_reply_list", ("comment.list",))
    business_id = sandbox.business_id(grant, request.query.get("business_id"))
    _video(sandbox, business_id, request.query.get("video_id"))
    parent = _comment(sandbox, business_id, request.query.get("comment_id"))
    status = request.query.get("status", "ALL")
    items = [
        c
        for c in sandbox.state.comments.values()
        if c.parent_comment_id == parent.comment_id
        and not c.deleted
        and (status == "ALL" or c.status == "PUBLIC")
    ]
    items.sort(key=lambda c: (c.create_time, c.comment_id))
    cursor = int_param(request, "cursor", 0, 0, 10**9)
    max_count = int_param(request, "max_count", 20, 1, 30)
    page = items[cursor : cursor + max_count]
    return sandbox.answer(
        {
            "comments": [comment_json(sandbox, c) for c in page],
            "cursor": cursor + max_count,
            "has_more": cursor + max_count < len(items),
        }
    )


@routes.post(f"{V}/business/comment/reply/create/")
@api
async def reply_create(request: web.Request, sandbox: BusinessSandbox) -> web.Response:
    grant = sandbox.authenticate(request, "comment_reply_create", ("comment.list.manage",))
    data = await body(request)
    business_id = sandbox.business_id(grant, data.get("business_id"))
    video = _video(sandbox, business_id, data.get("video_id"))
    parent = _comment(sandbox, business_id, data.get("comment_id"))
    text = text_field(data, "text")
    if len(text) > sandbox.settings.reply_max_chars:
        raise BusinessError(
            PARAM_ERROR, f"text: at most {sandbox.settings.reply_max_chars} characters."
        )
    account = sandbox.state.accounts[business_id]
    reply = add_comment(
        sandbox.state,
        video,
        sandbox.now(),
        text,
        account.username,
        parent=parent.comment_id,
        owner=True,
    )
    sandbox.state.replies_created += 1
    webhooks(request).comment_update(reply, "insert")
    faults = sandbox.settings.faults
    if faults.lose_next_reply_answers > 0:  # posted; the caller never hears of it
        faults.lose_next_reply_answers -= 1
        assert request.transport is not None
        request.transport.close()
        raise web.HTTPServiceUnavailable()
    return sandbox.answer(comment_json(sandbox, reply))


@routes.post(f"{V}/business/comment/hide/")
@api
async def hide(request: web.Request, sandbox: BusinessSandbox) -> web.Response:
    grant = sandbox.authenticate(request, "comment_hide", ("comment.list.manage",))
    data = await body(request)
    business_id = sandbox.business_id(grant, data.get("business_id"))
    _video(sandbox, business_id, data.get("video_id"))
    comment = _comment(sandbox, business_id, data.get("comment_id"))
    action = data.get("action")
    if action not in ("HIDE", "UNHIDE"):
        raise BusinessError(PARAM_ERROR, "action: HIDE or UNHIDE.")
    comment.status = "HIDDEN" if action == "HIDE" else "PUBLIC"
    webhooks(request).comment_update(
        comment, "set_to_hidden" if action == "HIDE" else "set_to_public"
    )
    return sandbox.answer({})


@routes.post(f"{V}/business/comment/delete/")
@api
async def delete(request: web.Request, sandbox: BusinessSandbox) -> web.Response:
    grant = sandbox.authenticate(request, "comment_delete", ("comment.list.manage",))
    data = await body(request)
    business_id = sandbox.business_id(grant, data.get("business_id"))
    comment = _comment(sandbox, business_id, data.get("comment_id"))
    if not comment.owner:
        raise BusinessError(40001, "No permission: only comments the account wrote can be deleted.")
    comment.deleted = True
    webhooks(request).comment_update(comment, "delete")
    return sandbox.answer({})


def _app_auth(sandbox: BusinessSandbox, data: dict[str, object]) -> str:
    if (
        data.get("app_id") != sandbox.settings.app_id
        or data.get("secret") != sandbox.settings.secret
    ):
        raise BusinessError(40101, "Invalid app_id or secret.")
    event_type = data.get("event_type")
    if event_type not in ("COMMENT", "VIDEO"):
        raise BusinessError(PARAM_ERROR, "event_type: COMMENT or VIDEO.")
    return str(event_type)


@routes.post(f"{V}/business/webhook/update/")
@api
async def webhook_update(request: web.Request, sandbox: BusinessSandbox) -> web.Response:
    data = await body(request)
    event_type = _app_auth(sandbox, data)
    url = text_field(data, "callback_url")
    sandbox.state.webhooks[event_type] = url
    return sandbox.answer(
        {"app_id": sandbox.settings.app_id, "event_type": event_type, "callback_url": url}
    )


@routes.get(f"{V}/business/webhook/list/")
@api
async def webhook_list(request: web.Request, sandbox: BusinessSandbox) -> web.Response:
    event_type = _app_auth(sandbox, dict(request.query))
    data: dict[str, object] = {"app_id": sandbox.settings.app_id, "event_type": event_type}
    if event_type in sandbox.state.webhooks:
        data["callback_url"] = sandbox.state.webhooks[event_type]
    return sandbox.answer(data)


@routes.post(f"{V}/business/webhook/delete/")
@api
async def webhook_delete(request: web.Request, sandbox: BusinessSandbox) -> web.Response:
    data = await body(request)
    sandbox.state.webhooks.pop(_app_auth(sandbox, data), None)
    return sandbox.answer({})
