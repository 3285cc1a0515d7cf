"""The client's approval page: opened from a signed, expiring link without signing in
(ADR 0030). It shows the post's preview, text and settings; the client approves it (the
approve_post use-case, with the name they type) or sends it back with a comment (it stays
a draft). The token rides in the query string and the form, never in the path, so request
logs do not hold it. A link altered or expired gets a page that says so (403, 410)."""

from __future__ import annotations

from typing import Any

from aiohttp import web

from application.use_cases.open_approval_link import ApprovalView
from domain.approval_link import ApprovalLinkRefused
from domain.errors import InvalidTransition, RulesViolated
from entrypoints.console.pages import done, render
from entrypoints.console.post_actions import LABELS, card
from entrypoints.console.post_form import PRIVACY_LABELS
from entrypoints.console.sharing import approval_path
from entrypoints.http.keys import CONTAINER

NAME_MAX = 200
FIELDS = {"approved_by": "name", "sent_back_by": "name", "comment": "comment"}


def _text(form: Any, name: str, limit: int = 4000) -> str:
    value = form.get(name)
    return value.strip()[:limit] if isinstance(value, str) else ""


async def _open(request: web.Request, token: str) -> ApprovalView | web.Response:
    try:
        return await request.app[CONTAINER].open_approval_link()(token=token)
    except ApprovalLinkRefused as refused:
        return await render(
            request,
            "approval_refused.html",
            {"reason": str(refused), "expired": refused.expired},
            status=410 if refused.expired else 403,
        )


async def _page(
    request: web.Request,
    token: str,
    opened: ApprovalView,
    *,
    values: dict[str, str] | None = None,
    errors: dict[str, list[str]] | None = None,
    status: int = 200,
) -> web.Response:
    post, channel = opened.preview.post, opened.preview.channel
    return await render(
        request,
        "approval.html",
        {
            "token": token,
            "post": card(post, channel.display_name or channel.username),
            "status_label": LABELS[post.status],
            "media_links": opened.preview.media_links,
            "privacy_label": PRIVACY_LABELS.get(post.settings.privacy_level, "not chosen")
            if post.settings.privacy_level
            else "not chosen",
            "expires_at": opened.grant.expires_at,
            "open": post.status.value == "draft",
            "values": values or {"name": "", "comment": ""},
            "errors": errors or {},
        },
        status=status,
    )


async def page(request: web.Request) -> web.Response:
    token = request.query.get("t", "")
    opened = await _open(request, token)
    if isinstance(opened, web.Response):
        return opened
    return await _page(request, token, opened)


async def answer(request: web.Request) -> web.StreamResponse:
    form = await request.post()
    token = _text(form, "t", 1000)
    opened = await _open(request, token)
    if isinstance(opened, web.Response):
        return opened
    grant = opened.grant
    values = {"name": _text(form, "name", NAME_MAX), "comment": _text(form, "comment")}
    decision = _text(form, "decision")
    c = request.app[CONTAINER]
    try:
        if decision == "approve":
            await c.approve_post()(
                organisation_id=grant.organisation_id,
                post_id=grant.post_id,
                approved_by=values["name"],
            )
            message = f"Thank you, {values['name']}: the post is approved."
        elif decision == "send_back":
            await c.send_post_back()(
                organisation_id=grant.organisation_id,
                post_id=grant.post_id,
                sent_back_by=values["name"],
                comment=values["comment"],
            )
            message = "Sent back with your comment: the team will revise the post."
        else:
            raise web.HTTPBadRequest(reason="choose Approve or Send back")
    except RulesViolated as refused:
        errors: dict[str, list[str]] = {}
        for v in refused.violations:
            field = FIELDS.get(v.field, "name")
            errors.setdefault(field, []).append(v.message)
        return await _page(request, token, opened, values=values, errors=errors, status=422)
    except InvalidTransition:
        message = "This post is no longer waiting for approval: nothing was changed."
        raise await done(request, approval_path(token), message, "warning") from None
    raise await done(request, approval_path(token), message)
