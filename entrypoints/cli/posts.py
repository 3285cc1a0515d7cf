"""`tiktok-channel posts ...`: the CLI side of /v1/posts. Input goes through the same
strict request schemas as the HTTP API, so both refuse the same things."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from entrypoints.cli.common import act, emit, json_option, org_option, put_with_progress

if TYPE_CHECKING:
    from entrypoints.container import Container

COLUMNS = ("id", "kind", "status", "tracking", "scheduled_at", "share_url")
STATES = (
    "draft",
    "client_approved",
    "scheduled",
    "publishing",
    "published",
    "failed",
    "manual_pending",
)


@click.group()
def posts() -> None:
    """Posts: create, list, show, edit, approve, schedule, publish, retry, cancel, validate,
    manual kit, mark published."""


def _settings(
    privacy: str | None, method: str | None, source: str | None, flags: dict[str, Any]
) -> dict[str, Any]:
    chosen: dict[str, Any] = {k: v for k, v in flags.items() if v}
    if privacy:
        chosen["privacy_level"] = privacy
    if method:
        chosen["publish_method"] = method
    if source:
        chosen["video_source"] = source
    return chosen


async def _upload(c: Container, org: str, file: Path, progress: bool = True) -> str:
    return await put_with_progress(
        lambda on_bytes, content_type: c.upload_media()(
            organisation_id=org,
            name=file.name,
            path=file,
            content_type=content_type,
            progress=on_bytes,
        ),
        file,
        show=progress,
    )


@posts.command("create")
@org_option
@click.option("--channel", "channel_id", required=True)
@click.option("--kind", type=click.Choice(["video", "photo"]), default="video", show_default=True)
@click.option("--caption", default="")
@click.option("--title", default="")
@click.option("--description", default="")
@click.option("--video", "video_key", help="Object key of the video.")
@click.option("--photo", "photo_keys", multiple=True, help="Object key of a photo (repeat).")
@click.option(
    "--file",
    "files",
    multiple=True,
    type=click.Path(exists=True, dir_okay=False),
    help="Local file to upload first (repeat for photos).",
)
@click.option(
    "--privacy",
    type=click.Choice(
        ["PUBLIC_TO_EVERYONE", "MUTUAL_FOLLOW_FRIENDS", "FOLLOWER_OF_CREATOR", "SELF_ONLY"]
    ),
)
@click.option("--method", type=click.Choice(["direct_post", "inbox", "manual"]))
@click.option("--source", type=click.Choice(["FILE_UPLOAD", "PULL_FROM_URL"]))
@click.option("--disable-duet", is_flag=True)
@click.option("--disable-stitch", is_flag=True)
@click.option("--disable-comment", is_flag=True)
@click.option("--aigc", "is_aigc", is_flag=True, help="Label as AI-generated content.")
@click.option("--branded", "brand_content_toggle", is_flag=True, help="Paid partnership.")
@click.option("--your-brand", "brand_organic_toggle", is_flag=True, help="Promotes own brand.")
@click.option("--cover-ms", "video_cover_timestamp_ms", type=int, default=None)
@click.option("--by", "created_by", default="cli", show_default=True)
@json_option
def create(
    org: str,
    channel_id: str,
    kind: str,
    caption: str,
    title: str,
    description: str,
    video_key: str | None,
    photo_keys: tuple[str, ...],
    files: tuple[str, ...],
    privacy: str | None,
    method: str | None,
    source: str | None,
    video_cover_timestamp_ms: int | None,
    created_by: str,
    as_json: bool,
    **flags: bool,
) -> None:
    """Create a draft post (privacy left out: the creator's most private level)."""
    from entrypoints.http.v1.schemas import CreatePostIn, structure
    from entrypoints.views import post_view

    settings = _settings(privacy, method, source, flags)
    if video_cover_timestamp_ms is not None:
        settings["video_cover_timestamp_ms"] = video_cover_timestamp_ms

    async def go(c: Container) -> Any:
        uploaded = [await _upload(c, org, Path(f), not as_json) for f in files]
        media: dict[str, Any] | None = None
        if kind == "video" and (video_key or uploaded):
            media = {"video_key": video_key or uploaded[0]}
        elif kind == "photo" and (photo_keys or uploaded):
            media = {"photo_keys": [*photo_keys, *uploaded]}
        data = structure(
            {
                "channel_id": channel_id,
                "kind": kind,
                "caption": caption,
                "title": title,
                "description": description,
                "media": media,
                "settings": settings,
                "created_by": created_by,
            },
            CreatePostIn,
        )
        return await c.create_post()(
            organisation_id=org,
            channel_id=data.channel_id,
            kind=data.kind,
            content=data.content(),
            settings=data.settings.to_domain(),
            media=data.media.to_domain() if data.media else None,
            created_by=data.created_by,
        )

    created = act(go)
    emit({"post": post_view(created.post), "warnings": list(created.warnings)}, as_json)


@posts.command("list")
@org_option
@click.option("--status", type=click.Choice(STATES))
@click.option("--channel", "channel_id")
@click.option("--limit", type=click.IntRange(1, 200), default=50, show_default=True)
@click.option("--after", help="next_after of the previous page.")
@json_option
def list_(
    org: str,
    status: str | None,
    channel_id: str | None,
    limit: int,
    after: str | None,
    as_json: bool,
) -> None:
    """Posts, oldest first, filtered and paged."""
    from application.ports import PostFilter
    from domain.post_state import PostStatus
    from entrypoints.views import post_page

    found = act(
        lambda c: c.list_posts()(
            PostFilter(org, PostStatus(status) if status else None, channel_id, limit, after)
        )
    )
    emit(post_page(found, limit=limit), as_json, COLUMNS)


@posts.command("show")
@org_option
@click.argument("post_id")
@json_option
def show(org: str, post_id: str, as_json: bool) -> None:
    """A post with its audit trail."""
    from entrypoints.views import post_view

    post = act(lambda c: c.show_post()(organisation_id=org, post_id=post_id))
    emit(post_view(post, events=True), as_json)


@posts.command("edit")
@org_option
@click.argument("post_id")
@click.option("--caption")
@click.option("--title")
@click.option("--description")
@click.option("--video", "video_key")
@click.option("--remove-media", is_flag=True)
@click.option(
    "--privacy",
    type=click.Choice(
        ["PUBLIC_TO_EVERYONE", "MUTUAL_FOLLOW_FRIENDS", "FOLLOWER_OF_CREATOR", "SELF_ONLY"]
    ),
)
@json_option
def edit(
    org: str,
    post_id: str,
    caption: str | None,
    title: str | None,
    description: str | None,
    video_key: str | None,
    remove_media: bool,
    privacy: str | None,
    as_json: bool,
) -> None:
    """Edit a draft (any approval is voided)."""

    from domain.post_content import PrivacyLevel, VideoMedia
    from entrypoints.views import post_view

    async def go(c: Container) -> Any:
        return await c.edit_post()(
            organisation_id=org,
            post_id=post_id,
            caption=caption,
            title=title,
            description=description,
            privacy_level=PrivacyLevel(privacy) if privacy else None,
            media=VideoMedia(video_key) if video_key else None,
            remove_media=remove_media,
        )

    emit(post_view(act(go)), as_json)


@posts.command("approve")
@org_option
@click.argument("post_id")
@click.option("--by", "approved_by", required=True, help="Who approves (the client).")
@json_option
def approve(org: str, post_id: str, approved_by: str, as_json: bool) -> None:
    """Client approval."""
    from entrypoints.views import post_view

    post = act(
        lambda c: c.approve_post()(organisation_id=org, post_id=post_id, approved_by=approved_by)
    )
    emit(post_view(post), as_json)


@posts.command("schedule")
@org_option
@click.argument("post_id")
@click.option(
    "--at",
    "at_text",
    required=True,
    help="ISO 8601 with an offset, e.g. 2026-12-01T09:00:00+01:00.",
)
@json_option
def schedule(org: str, post_id: str, at_text: str, as_json: bool) -> None:
    """Schedule after the pre-flight (warns of daily and inbox caps)."""
    from entrypoints.http.v1.schemas import ScheduleIn, structure
    from entrypoints.views import readiness_view

    async def go(c: Container) -> Any:
        at = structure({"at": at_text}, ScheduleIn).at  # the API's rule: offset required
        return await c.schedule_post()(organisation_id=org, post_id=post_id, at=at)

    ready = act(go)
    emit(readiness_view(ready), as_json)


@posts.command("publish-now")
@org_option
@click.argument("post_id")
@json_option
def publish_now(org: str, post_id: str, as_json: bool) -> None:
    """Publish as soon as a publisher worker picks it up."""
    from entrypoints.views import readiness_view

    ready = act(lambda c: c.publish_post_now()(organisation_id=org, post_id=post_id))
    emit(readiness_view(ready), as_json)


@posts.command("retry")
@org_option
@click.argument("post_id")
@click.option("--force", is_flag=True, help="Retry even a permanent failure.")
@json_option
def retry(org: str, post_id: str, force: bool, as_json: bool) -> None:
    """Retry a failed post."""
    from entrypoints.views import post_view

    post = act(lambda c: c.retry_post()(organisation_id=org, post_id=post_id, force=force))
    emit(post_view(post), as_json)


@posts.command("cancel")
@org_option
@click.argument("post_id")
@json_option
def cancel(org: str, post_id: str, as_json: bool) -> None:
    """Take a scheduled post off the schedule (it stays approved)."""
    from entrypoints.views import post_view

    post = act(lambda c: c.unschedule_post()(organisation_id=org, post_id=post_id))
    emit(post_view(post), as_json)


@posts.command("validate")
@org_option
@click.argument("post_id")
@json_option
def validate(org: str, post_id: str, as_json: bool) -> None:
    """The pre-flight report of the post's media; exit 1 when it has errors."""
    from entrypoints.cli.common import CliError

    report = act(lambda c: c.preflight_post()(organisation_id=org, post_id=post_id))
    emit(
        {
            "ok": report.ok,
            "errors": [i.describe() for i in report.errors],
            "warnings": [i.describe() for i in report.warnings],
        },
        as_json,
    )
    if not report.ok:
        raise CliError("the post's media would be refused")


@posts.command("manual-kit")
@org_option
@click.argument("post_id")
@json_option
def manual_kit(org: str, post_id: str, as_json: bool) -> None:
    """Caption to copy, signed download links, TikTok deep link."""
    from entrypoints.views import plain

    kit = act(lambda c: c.manual_publish_kit()(organisation_id=org, post_id=post_id))
    emit(plain(kit), as_json)


@posts.command("mark-published")
@org_option
@click.argument("post_id")
@click.option("--url", required=True, help="The TikTok URL of the post made by hand.")
@click.option("--by", "marked_by", default="cli", show_default=True)
@json_option
def mark_published(org: str, post_id: str, url: str, marked_by: str, as_json: bool) -> None:
    """Mark a manual post as published by hand."""
    from entrypoints.views import post_view

    post = act(
        lambda c: c.mark_post_manually_published()(
            organisation_id=org, post_id=post_id, url=url, marked_by=marked_by
        )
    )
    emit(post_view(post), as_json)
