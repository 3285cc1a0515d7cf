"""Content Posting API: creator_info, video and inbox init, photo init, status, cancel."""

from __future__ import annotations

import secrets
from datetime import timedelta
from typing import Any

from aiohttp import web

from adapters.sandbox import body as b
from adapters.sandbox.chunk_rules import plan_problem
from adapters.sandbox.core import Sandbox
from adapters.sandbox.keys import PROCESSOR, SANDBOX
from adapters.sandbox.responses import ApiError, envelope
from adapters.sandbox.settings import CreatorSeed
from adapters.sandbox.state import PubKind, Publication, Status, Upload

routes = web.RouteTableDef()
PUBLIC_OPTIONS = ("PUBLIC_TO_EVERYONE", "MUTUAL_FOLLOW_FRIENDS", "SELF_ONLY")
PRIVATE_OPTIONS = ("FOLLOWER_OF_CREATOR", "MUTUAL_FOLLOW_FRIENDS", "SELF_ONLY")
MIN_MEDIA_UPLOAD_VERSION = (31, 8)


def privacy_options(creator: CreatorSeed) -> tuple[str, ...]:
    return PRIVATE_OPTIONS if creator.private_account else PUBLIC_OPTIONS


def _forbidden(code: str, message: str) -> ApiError:
    return ApiError(403, code, message)


# ---- creator_info ------------------------------------------------------------------


@routes.post("/v2/post/publish/creator_info/query/")
async def creator_info(request: web.Request) -> web.Response:
    sandbox = request.app[SANDBOX]
    grant = sandbox.authenticate(request, "creator_info", ("video.publish",))
    creator = sandbox.creator(grant.open_id)
    data = {
        "creator_avatar_url": f"https://sandbox.tiktok.test/avatar/{creator.username}.jpg",
        "creator_username": creator.username,
        "creator_nickname": creator.nickname,
        "privacy_level_options": list(privacy_options(creator)),
        "comment_disabled": creator.comment_disabled,
        "duet_disabled": creator.duet_disabled,
        "stitch_disabled": creator.stitch_disabled,
        "max_video_post_duration_sec": creator.max_video_post_duration_sec,
    }
    cannot_post = _cannot_post(sandbox, creator)
    if cannot_post is not None:  # reported with HTTP 200, on purpose
        return envelope(data, sandbox.now(), code=cannot_post.code, message=cannot_post.message)
    return envelope(data, sandbox.now())


def _cannot_post(sandbox: Sandbox, creator: CreatorSeed) -> ApiError | None:
    if creator.banned:
        return _forbidden("spam_risk_user_banned_from_posting", "This user is banned from posting.")
    cap = (
        creator.daily_post_cap
        if creator.daily_post_cap is not None
        else sandbox.settings.daily_post_cap
    )
    if sandbox.direct_posts_last_day(creator.open_id) >= cap:
        return _forbidden(
            "spam_risk_too_many_posts", "This user has reached the daily cap of posts through apps."
        )
    active = sandbox.active_creators_last_day()
    cap_users = sandbox.settings.active_user_cap if sandbox.settings.audited else 5
    if creator.open_id not in active and len(active) >= cap_users:
        return _forbidden(
            "reached_active_user_cap", "The app reached its daily quota of active publishing users."
        )
    return None


def _direct_post_gate(sandbox: Sandbox, creator: CreatorSeed, privacy: str | None) -> str:
    """Every Direct Post check after the fields: returns the privacy to store."""
    blocked = _cannot_post(sandbox, creator)
    if blocked is not None:
        raise blocked
    if not sandbox.settings.audited and not creator.private_account:
        raise _forbidden(
            "unaudited_client_can_only_post_to_private_accounts",
            "Unaudited clients can only post to private accounts.",
        )
    if privacy is None or privacy not in privacy_options(creator):
        raise _forbidden(
            "privacy_level_option_mismatch",
            "privacy_level is missing or not among the creator's options.",
        )
    return privacy if sandbox.settings.audited else "SELF_ONLY"


# ---- video init ----------------------------------------------------------------------


@routes.post("/v2/post/publish/video/init/")
async def video_init(request: web.Request) -> web.Response:
    sandbox = request.app[SANDBOX]
    grant = sandbox.authenticate(request, "video_init", ("video.publish",))
    creator = sandbox.creator(grant.open_id)
    body = await b.json_body(request)
    post_info = b.obj(body, "post_info", "post_info", required=True)
    stored = _video_post_info(post_info, creator)
    source, fields = _source_info(body, sandbox)
    privacy = _direct_post_gate(sandbox, creator, stored.get("privacy_level"))  # type: ignore[arg-type]
    stored["privacy_level"] = privacy
    pub = _new_publication(sandbox, request, creator, PubKind.DIRECT_VIDEO, source, fields, stored)
    sandbox.state.direct_inits.append((creator.open_id, sandbox.now()))
    return _init_answer(sandbox, request, pub)


def _video_post_info(post_info: dict[str, Any], creator: CreatorSeed) -> dict[str, object]:
    privacy = b.privacy(post_info, "post_info.privacy_level")
    title = b.text(post_info, "title", "post_info.title", limit=2200) or ""
    flags = {
        key: b.boolean(post_info, key, f"post_info.{key}") or False
        for key in (
            "disable_duet",
            "disable_stitch",
            "disable_comment",
            "brand_content_toggle",
            "brand_organic_toggle",
            "is_aigc",
        )
    }
    cover = post_info.get("video_cover_timestamp_ms")
    if cover is not None and (isinstance(cover, bool) or not isinstance(cover, int)):
        raise b.invalid("post_info.video_cover_timestamp_ms must be an integer.")
    if flags["brand_content_toggle"] and privacy == "SELF_ONLY":
        raise b.invalid("post_info.privacy_level: branded content cannot be SELF_ONLY.")
    flags["disable_duet"] = flags["disable_duet"] or creator.duet_disabled
    flags["disable_stitch"] = flags["disable_stitch"] or creator.stitch_disabled
    flags["disable_comment"] = flags["disable_comment"] or creator.comment_disabled
    return {"privacy_level": privacy, "title": title, "video_cover_timestamp_ms": cover, **flags}


def _source_info(body: dict[str, Any], sandbox: Sandbox) -> tuple[str, dict[str, Any]]:
    source_info = b.obj(body, "source_info", "source_info", required=True)
    source = source_info.get("source")
    if source == "PULL_FROM_URL":
        url = b.media_url(source_info.get("video_url"), "source_info.video_url")
        if not b.url_verified(url, sandbox.settings.verified_prefixes):
            raise _forbidden(
                "url_ownership_unverified",
                "The video_url is not under a verified domain or URL prefix.",
            )
        return source, {"video_url": url}
    if source != "FILE_UPLOAD":
        raise b.invalid("source_info.source must be FILE_UPLOAD or PULL_FROM_URL.")
    size = b.integer(source_info, "video_size", "source_info.video_size", required=True, minimum=1)
    chunk = b.integer(source_info, "chunk_size", "source_info.chunk_size", required=True, minimum=1)
    count = b.integer(
        source_info, "total_chunk_count", "source_info.total_chunk_count", required=True, minimum=1
    )
    assert size is not None and chunk is not None and count is not None
    problem = plan_problem(size, chunk, count, sandbox.settings.mb_reading)
    if problem is not None:
        raise b.invalid(f"source_info.{problem}.")
    return source, {"video_size": size, "chunk_size": chunk, "total_chunk_count": count}


def _new_publication(
    sandbox: Sandbox,
    request: web.Request,
    creator: CreatorSeed,
    kind: PubKind,
    source: str,
    fields: dict[str, Any],
    post_info: dict[str, object],
) -> Publication:
    n = sandbox.state.next_number()
    prefix = {
        PubKind.DIRECT_VIDEO: "v_pub",
        PubKind.INBOX_VIDEO: "v_inbox",
        PubKind.PHOTO_DIRECT: "p_pub",
        PubKind.PHOTO_UPLOAD: "p_inbox",
    }[kind]
    medium = "file" if source == "FILE_UPLOAD" else "url"
    version = "v2-1" if medium == "file" and kind is PubKind.DIRECT_VIDEO else "v2"
    publish_id = f"{prefix}_{medium}~{version}.{n}"
    pending = kind.to_inbox
    status = Status.PROCESSING_UPLOAD if source == "FILE_UPLOAD" else Status.PROCESSING_DOWNLOAD
    pub = Publication(
        publish_id,
        creator.open_id,
        kind,
        source,
        sandbox.now(),
        status,
        post_info,
        pending_share=pending,
    )
    if source == "FILE_UPLOAD":
        lifetime = sandbox.settings.upload_url_lifetime
        early = sandbox.settings.faults.upload_url_lifetime_s
        if early is not None:
            lifetime = min(lifetime, timedelta(seconds=early))
        upload_id = f"{n}{secrets.token_hex(4)}"
        pub.upload = Upload(
            upload_id,
            secrets.token_urlsafe(18),
            fields["video_size"],
            fields["chunk_size"],
            fields["total_chunk_count"],
            sandbox.now() + lifetime,
            sandbox.data_dir / f"{upload_id}.upload",
        )
        sandbox.state.uploads[upload_id] = publish_id
    else:
        pub.urls = tuple(fields.get("photo_images") or [fields["video_url"]])
    sandbox.state.publications[publish_id] = pub
    if source == "PULL_FROM_URL":
        processor = request.app[PROCESSOR]
        if kind in (PubKind.PHOTO_DIRECT, PubKind.PHOTO_UPLOAD):
            processor.pull_photos(pub)
        else:
            processor.pull_video(pub)
    return pub


def _init_answer(sandbox: Sandbox, request: web.Request, pub: Publication) -> web.Response:
    data: dict[str, object] = {"publish_id": pub.publish_id}
    if pub.upload is not None:
        base = sandbox.settings.public_base_url or str(request.url.origin())
        data["upload_url"] = (
            f"{base}/upload/video/?upload_id={pub.upload.upload_id}"
            f"&upload_token={pub.upload.upload_token}"
        )
    return envelope(data, sandbox.now())


# ---- inbox init -----------------------------------------------------------------------


@routes.post("/v2/post/publish/inbox/video/init/")
async def inbox_init(request: web.Request) -> web.Response:
    sandbox = request.app[SANDBOX]
    grant = sandbox.authenticate(request, "inbox_init", ("video.upload",))
    creator = sandbox.creator(grant.open_id)
    body = await b.json_body(request)
    source, fields = _source_info(body, sandbox)
    _inbox_gate(sandbox, creator)
    pub = _new_publication(sandbox, request, creator, PubKind.INBOX_VIDEO, source, fields, {})
    return _init_answer(sandbox, request, pub)


def _inbox_gate(sandbox: Sandbox, creator: CreatorSeed) -> None:
    if creator.banned:
        raise _forbidden("spam_risk_user_banned_from_posting", "This user is banned from posting.")
    if sandbox.pending_shares(creator.open_id) >= sandbox.settings.pending_share_cap:
        raise _forbidden(
            "spam_risk_too_many_pending_share",
            f"At most {sandbox.settings.pending_share_cap} pending shares are allowed in 24 hours.",
        )


# ---- photo init -------------------------------------------------------------------------


@routes.post("/v2/post/publish/content/init/")
async def content_init(request: web.Request) -> web.Response:
    sandbox = request.app[SANDBOX]
    grant = sandbox.authenticate(request, "content_init", ("video.publish", "video.upload"))
    creator = sandbox.creator(grant.open_id)
    body = await b.json_body(request)
    if body.get("media_type") != "PHOTO":
        raise b.invalid("media_type must be PHOTO.")
    mode = body.get("post_mode")
    if mode not in ("DIRECT_POST", "MEDIA_UPLOAD"):
        raise b.invalid("post_mode must be DIRECT_POST or MEDIA_UPLOAD.")
    needed = "video.publish" if mode == "DIRECT_POST" else "video.upload"
    if needed not in grant.scopes:
        raise ApiError(
            401, "scope_not_authorized", f"The user did not authorize the scope required: {needed}."
        )
    post_info = b.obj(body, "post_info", "post_info")
    stored: dict[str, object] = {
        "title": b.text(post_info, "title", "post_info.title", limit=90) or "",
        "description": b.text(post_info, "description", "post_info.description", limit=4000) or "",
        "is_aigc": b.boolean(body, "is_aigc", "is_aigc") or False,
    }
    urls, cover = _photo_source(body, sandbox)
    stored["photo_cover_index"] = cover
    if mode == "DIRECT_POST":
        privacy = b.privacy(post_info, "post_info.privacy_level")
        for key in (
            "disable_comment",
            "auto_add_music",
            "brand_content_toggle",
            "brand_organic_toggle",
        ):
            stored[key] = b.boolean(post_info, key, f"post_info.{key}") or False
        if stored["brand_content_toggle"] and privacy == "SELF_ONLY":
            raise b.invalid("post_info.privacy_level: branded content cannot be SELF_ONLY.")
        stored["privacy_level"] = _direct_post_gate(sandbox, creator, privacy)
        kind = PubKind.PHOTO_DIRECT
    else:
        if _version(creator.app_version) < MIN_MEDIA_UPLOAD_VERSION:
            raise b.invalid(
                "The creator's TikTok app is older than 31.8.", "app_version_check_failed"
            )
        _inbox_gate(sandbox, creator)
        kind = PubKind.PHOTO_UPLOAD
    pub = _new_publication(
        sandbox, request, creator, kind, "PULL_FROM_URL", {"photo_images": urls}, stored
    )
    if kind is PubKind.PHOTO_DIRECT:
        sandbox.state.direct_inits.append((creator.open_id, sandbox.now()))
    return envelope({"publish_id": pub.publish_id}, sandbox.now())


def _photo_source(body: dict[str, Any], sandbox: Sandbox) -> tuple[list[str], int]:
    source_info = b.obj(body, "source_info", "source_info", required=True)
    if source_info.get("source") != "PULL_FROM_URL":
        raise b.invalid("source_info.source must be PULL_FROM_URL: photos have no FILE_UPLOAD.")
    images = source_info.get("photo_images")
    if not isinstance(images, list) or not 1 <= len(images) <= 35:
        raise b.invalid("source_info.photo_images must list 1 to 35 image URLs.")
    urls = [b.media_url(u, f"source_info.photo_images[{i}]") for i, u in enumerate(images)]
    cover = b.integer(
        source_info, "photo_cover_index", "source_info.photo_cover_index", required=True, minimum=0
    )
    assert cover is not None
    if cover >= len(urls):
        raise b.invalid("source_info.photo_cover_index is outside photo_images.")
    if not all(b.url_verified(u, sandbox.settings.verified_prefixes) for u in urls):
        raise _forbidden(
            "url_ownership_unverified", "A photo URL is not under a verified domain or URL prefix."
        )
    return urls, cover


def _version(text: str) -> tuple[int, ...]:
    return tuple(int(p) for p in text.split(".") if p.isdigit())


# ---- status and cancel -------------------------------------------------------------------


def _owned_publication(sandbox: Sandbox, open_id: str, body: dict[str, Any]) -> Publication:
    publish_id = body.get("publish_id")
    pub = sandbox.state.publications.get(publish_id) if isinstance(publish_id, str) else None
    if pub is None:
        raise ApiError(400, "invalid_publish_id", "No publish task has this publish_id.")
    if pub.open_id != open_id:
        raise ApiError(
            400,
            "token_not_authorized_for_specified_publish_id",
            "This token's user did not create this publish_id.",
        )
    return pub


@routes.post("/v2/post/publish/status/fetch/")
async def status_fetch(request: web.Request) -> web.Response:
    sandbox = request.app[SANDBOX]
    grant = sandbox.authenticate(request, "status_fetch", ("video.upload", "video.publish"))
    pub = _owned_publication(sandbox, grant.open_id, await b.json_body(request))
    data: dict[str, object] = {
        "status": pub.status.value,
        "publicaly_available_post_id": list(pub.public_post_ids),
    }
    if pub.status is Status.FAILED:
        data["fail_reason"] = pub.fail_reason
    if pub.source == "FILE_UPLOAD":
        data["uploaded_bytes"] = pub.uploaded_bytes
    else:
        data["downloaded_bytes"] = pub.downloaded_bytes
    return envelope(data, sandbox.now())


@routes.post("/v2/post/publish/cancel/")
async def cancel(request: web.Request) -> web.Response:
    sandbox = request.app[SANDBOX]
    grant = sandbox.authenticate(request, None, ("video.upload", "video.publish"))
    pub = _owned_publication(sandbox, grant.open_id, await b.json_body(request))
    if not request.app[PROCESSOR].cancel(pub):
        raise ApiError(
            400,
            "publish_not_cancellable",
            f"The publish task is {pub.status.value} and cannot be cancelled.",
        )
    return envelope({}, sandbox.now())
