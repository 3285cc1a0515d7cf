"""/v1/posts: compose, approve, schedule, publish, follow, and the manual path."""

from __future__ import annotations

import attrs
from aiohttp import web

from application.ports import PostFilter
from domain.errors import RulesViolated, RuleViolation
from domain.post_content import Media
from domain.post_state import PostStatus
from entrypoints.http.keys import CONTAINER
from entrypoints.http.v1 import preflight_responses as pf
from entrypoints.http.v1 import responses as r
from entrypoints.http.v1.common import answer, body, idempotent, org, query_int
from entrypoints.http.v1.schemas import (
    ApproveIn,
    CreatePostIn,
    EditPostIn,
    MarkPublishedIn,
    MediaIn,
    RetryIn,
    ScheduleIn,
)
from entrypoints.views import (
    post_metrics_out,
    post_out,
    post_page_out,
    readiness_out,
    shaped,
    validation_out,
)


def _media(media: MediaIn | None) -> Media | None:
    """Domain media from the request (whose keys the use-case checks)."""
    if media is None:
        return None
    try:
        return media.to_domain()
    except ValueError as exc:
        raise RulesViolated([RuleViolation("media_ambiguous", "media", str(exc))]) from None


def _post_id(request: web.Request) -> str:
    return request.match_info["post_id"]


async def create_post(request: web.Request) -> web.StreamResponse:
    async def run() -> web.Response:
        data = await body(request, CreatePostIn)
        created = await request.app[CONTAINER].create_post()(
            organisation_id=org(request),
            channel_id=data.channel_id,
            kind=data.kind,
            content=data.content(),
            settings=data.settings.to_domain(),
            media=_media(data.media),
            created_by=data.created_by,
        )
        return answer(r.CreatedPost(post_out(created.post), list(created.warnings)), 201)

    return await idempotent(request, run)


async def list_posts(request: web.Request) -> web.Response:
    status = request.query.get("status")
    if status is not None and status not in PostStatus.__members__.values():
        raise web.HTTPBadRequest(reason=f"status must be one of {', '.join(PostStatus)}")
    limit = query_int(request, "limit", 50, 1, 200)
    posts = await request.app[CONTAINER].list_posts()(
        PostFilter(
            org(request),
            PostStatus(status) if status else None,
            request.query.get("channel_id"),
            limit,
            request.query.get("after"),
        )
    )
    return answer(post_page_out(posts, limit=limit))


async def show_post(request: web.Request) -> web.Response:
    c = request.app[CONTAINER]
    post = await c.show_post()(organisation_id=org(request), post_id=_post_id(request))
    shown = post_out(post, events=True)
    if post.tiktok_post_ids:  # the latest TikTok metrics, once the post is a TikTok video
        metrics = await c.show_post_metrics()(organisation_id=org(request), post_id=post.id)
        shown = attrs.evolve(shown, metrics=post_metrics_out(metrics).latest)
    return answer(shown)


async def post_metrics(request: web.Request) -> web.Response:
    metrics = await request.app[CONTAINER].show_post_metrics()(
        organisation_id=org(request), post_id=_post_id(request)
    )
    return answer(post_metrics_out(metrics))


async def edit_post(request: web.Request) -> web.Response:
    data = await body(request, EditPostIn)
    post = await request.app[CONTAINER].edit_post()(
        organisation_id=org(request),
        post_id=_post_id(request),
        caption=data.caption,
        title=data.title,
        description=data.description,
        settings=data.settings.to_domain() if data.settings else None,
        media=_media(data.media),
        remove_media=data.remove_media,
    )
    return answer(post_out(post))


async def approve_post(request: web.Request) -> web.Response:
    data = await body(request, ApproveIn)
    post = await request.app[CONTAINER].approve_post()(
        organisation_id=org(request), post_id=_post_id(request), approved_by=data.approved_by
    )
    return answer(post_out(post))


async def schedule_post(request: web.Request) -> web.Response:
    data = await body(request, ScheduleIn)
    ready = await request.app[CONTAINER].schedule_post()(
        organisation_id=org(request), post_id=_post_id(request), at=data.at
    )
    return answer(readiness_out(ready))


async def publish_now(request: web.Request) -> web.StreamResponse:
    async def run() -> web.Response:
        ready = await request.app[CONTAINER].publish_post_now()(
            organisation_id=org(request), post_id=_post_id(request)
        )
        return answer(readiness_out(ready), 202)

    return await idempotent(request, run)


async def retry_post(request: web.Request) -> web.Response:
    data = await body(request, RetryIn)
    post = await request.app[CONTAINER].retry_post()(
        organisation_id=org(request), post_id=_post_id(request), at=data.at, force=data.force
    )
    return answer(post_out(post))


async def cancel_post(request: web.Request) -> web.Response:
    """Take a scheduled post off the schedule before it is published; it stays approved."""
    post = await request.app[CONTAINER].unschedule_post()(
        organisation_id=org(request), post_id=_post_id(request)
    )
    return answer(post_out(post))


async def validate_post(request: web.Request) -> web.Response:
    report = await request.app[CONTAINER].preflight_post()(
        organisation_id=org(request), post_id=_post_id(request)
    )
    return answer(validation_out(report))


async def manual_kit(request: web.Request) -> web.Response:
    kit = await request.app[CONTAINER].manual_publish_kit()(
        organisation_id=org(request), post_id=_post_id(request)
    )
    return answer(shaped(pf.ManualKitOut, kit))


async def mark_published(request: web.Request) -> web.Response:
    data = await body(request, MarkPublishedIn)
    post = await request.app[CONTAINER].mark_post_manually_published()(
        organisation_id=org(request),
        post_id=_post_id(request),
        url=data.url,
        marked_by=data.marked_by,
    )
    return answer(post_out(post))
