"""User info, each field gated by its scope."""

from __future__ import annotations

from aiohttp import web

from adapters.sandbox.body import requested_fields
from adapters.sandbox.keys import SANDBOX
from adapters.sandbox.responses import ApiError, envelope
from adapters.sandbox.settings import CreatorSeed

routes = web.RouteTableDef()

FIELD_SCOPES = {
    "open_id": "user.info.basic",
    "union_id": "user.info.basic",
    "avatar_url": "user.info.basic",
    "avatar_url_100": "user.info.basic",
    "avatar_large_url": "user.info.basic",
    "display_name": "user.info.basic",
    "bio_description": "user.info.profile",
    "profile_deep_link": "user.info.profile",
    "is_verified": "user.info.profile",
    "username": "user.info.profile",
    "follower_count": "user.info.stats",
    "following_count": "user.info.stats",
    "likes_count": "user.info.stats",
    "video_count": "user.info.stats",
}


def _value(creator: CreatorSeed, field: str, public_videos: int) -> object:
    avatar = f"https://sandbox.tiktok.test/avatar/{creator.username}"
    return {
        "open_id": creator.open_id,
        "union_id": creator.union_id,
        "avatar_url": f"{avatar}.jpg",
        "avatar_url_100": f"{avatar}_100.jpg",
        "avatar_large_url": f"{avatar}_large.jpg",
        "display_name": creator.nickname,
        "bio_description": creator.bio_description,
        "profile_deep_link": f"https://vm.tiktok.com/sandbox/@{creator.username}",
        "is_verified": creator.is_verified,
        "username": creator.username,
        "follower_count": creator.follower_count,
        "following_count": creator.following_count,
        "likes_count": creator.likes_count,
        "video_count": public_videos,
    }[field]


@routes.get("/v2/user/info/")
async def user_info(request: web.Request) -> web.Response:
    sandbox = request.app[SANDBOX]
    grant = sandbox.authenticate(request, "user_info")
    fields = requested_fields(
        request.query.get("fields", ""), FIELD_SCOPES, sandbox.settings.unknown_fields
    )
    missing = sorted({FIELD_SCOPES[f] for f in fields} - set(grant.scopes))
    if missing:
        raise ApiError(
            400,
            "scope_permission_missed",
            f"Some requested fields need the scopes: {', '.join(missing)}.",
        )
    creator = sandbox.creator(grant.open_id)
    public = sum(1 for p in sandbox.posts_of(creator.open_id) if p.public)
    return envelope({"user": {f: _value(creator, f, public) for f in fields}}, sandbox.now())
