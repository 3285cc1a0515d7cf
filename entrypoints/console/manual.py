"""Manual publish assist, for a post a person publishes by hand (manual_pending): "Copy
Caption", "Download Assets" (signed links), "Open TikTok", and "Mark as published" with
the TikTok URL (the mark_post_manually_published use-case and its URL rules). It takes
the place of the scheduling controls for such posts."""

from __future__ import annotations

from aiohttp import web

from domain.errors import DomainError, RulesViolated
from domain.post_state import Operation
from entrypoints.console.pages import done, render
from entrypoints.console.posts import post_page
from entrypoints.console.session import SIGNED_IN, organisation
from entrypoints.http.keys import CONTAINER
from entrypoints.views import plain

URL_MAX = 2048


async def _page(
    request: web.Request,
    org: str,
    post_id: str,
    *,
    url: str = "",
    error: str = "",
    status: int = 200,
) -> web.Response:
    c = request.app[CONTAINER]
    post = await c.show_post()(organisation_id=org, post_id=post_id)
    open_ = post.can(Operation.MARK_MANUALLY_PUBLISHED)
    kit = await c.manual_publish_kit()(organisation_id=org, post_id=post_id) if open_ else None
    return await render(
        request,
        "manual.html",
        {
            "post_id": post.id,
            "status": post.status.value,
            "kit": plain(kit) if kit else None,
            "names": [
                link.split("?")[0].rsplit("/", 1)[-1] for link in (kit.asset_links if kit else ())
            ],
            "url": url,
            "error": error,
        },
        status=status,
    )


async def page(request: web.Request) -> web.Response:
    org = await organisation(request)
    return await _page(request, org, request.match_info["post_id"])


async def mark_published(request: web.Request) -> web.StreamResponse:
    org = await organisation(request)
    post_id = request.match_info["post_id"]
    form = await request.post()
    raw = form.get("url")
    url = raw.strip()[:URL_MAX] if isinstance(raw, str) else ""
    who = request[SIGNED_IN]
    try:
        await request.app[CONTAINER].mark_post_manually_published()(
            organisation_id=org,
            post_id=post_id,
            url=url,
            marked_by=f"console: {who.key_name or who.key_id}",
        )
    except RulesViolated as refused:
        message = "; ".join(v.message for v in refused.violations)
        return await _page(request, org, post_id, url=url, error=message, status=422)
    except DomainError as refused:
        return await _page(request, org, post_id, url=url, error=str(refused), status=409)
    raise await done(request, post_page(post_id), "Marked as published on TikTok.")
