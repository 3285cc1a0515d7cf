"""Rows <-> domain objects. A cattrs converter private to this adapter turns nested value
objects into JSONB and back; tokens pass through the cipher, never stored in clear."""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any

import asyncpg
import cattrs

from application.ports import Ciphertext, TokenCipher
from domain import post_events as ev
from domain.api_key import ApiKey
from domain.channel import Channel, ChannelStatus, PublishingMode, TokenSet
from domain.insights import ChannelInsight
from domain.oauth_state import OAuthState
from domain.post_content import (
    Media,
    MediaKind,
    PhotoMedia,
    PostContent,
    PostSettings,
    VideoMedia,
)
from domain.post_state import ManualReason, PostStatus, Tracking
from domain.secret import Secret
from domain.social_post import SocialPost
from domain.tiktok_errors import ErrorSource, TikTokError, classify

converter = cattrs.Converter()
converter.register_unstructure_hook(datetime, lambda d: d.isoformat())
converter.register_structure_hook(datetime, lambda v, _: datetime.fromisoformat(v))
converter.register_unstructure_hook(date, lambda d: d.isoformat())
converter.register_structure_hook(date, lambda v, _: date.fromisoformat(v))
EVENTS: dict[str, type[ev.PostEvent]] = {t.__name__: t for t in ev.EVENT_TYPES}


def dump(value: Any) -> str:
    return json.dumps(converter.unstructure(value), separators=(",", ":"))


def load(raw: str | dict[str, Any], cls: type[Any]) -> Any:
    return converter.structure(json.loads(raw) if isinstance(raw, str) else raw, cls)


# ---- posts -------------------------------------------------------------------------------


def media_json(media: Media | None) -> str | None:
    if media is None:
        return None
    if isinstance(media, VideoMedia):
        return json.dumps({"type": "video", "key": media.key})
    return json.dumps({"type": "photo", "keys": list(media.keys), "cover_index": media.cover_index})


def media_from(raw: str | None) -> Media | None:
    if raw is None:
        return None
    data = json.loads(raw)
    if data["type"] == "video":
        return VideoMedia(data["key"])
    return PhotoMedia(tuple(data["keys"]), data["cover_index"])


def failure_json(error: TikTokError | None) -> str | None:
    if error is None:
        return None
    return json.dumps(
        {
            "source": error.spec.source.value,
            "code": error.spec.code,
            "log_id": error.log_id,
            "detail": error.detail,
        }
    )


def failure_from(raw: str | None) -> TikTokError | None:
    """Re-classified on load: the taxonomy table is the one source of meaning."""
    if raw is None:
        return None
    data = json.loads(raw)
    return classify(
        ErrorSource(data["source"]), data["code"], log_id=data["log_id"], detail=data["detail"]
    )


def event_row(post_id: str, seq: int, event: ev.PostEvent) -> tuple[Any, ...]:
    payload = converter.unstructure(event)
    del payload["post_id"], payload["occurred_at"]  # columns of their own
    return (post_id, seq, event.name, event.occurred_at, json.dumps(payload))


# The post's events as one JSON array, ordered: a post and its trail in one round trip.
EVENTS_SQL = (
    "(SELECT coalesce(json_agg(json_build_object('name', e.name, 'occurred_at',"
    " e.occurred_at, 'payload', e.payload) ORDER BY e.seq), '[]')"
    " FROM post_events e WHERE e.post_id = posts.id) AS events"
)


def events_from(post_id: str, raw: str) -> list[ev.PostEvent]:
    events = []
    for item in json.loads(raw):
        payload = item["payload"] | {"post_id": post_id, "occurred_at": item["occurred_at"]}
        events.append(converter.structure(payload, EVENTS[item["name"]]))
    return events


POST_COLUMNS = (
    "id, organisation_id, channel_id, kind, status, content, settings, media, "
    "created_at, approved_by, approved_at, scheduled_at, attempts, next_attempt_at, "
    "publish_id, tracking, tiktok_post_ids, share_url, failure, manual_reason, "
    "version"
)


def post_values(post: SocialPost) -> tuple[Any, ...]:
    return (
        post.id,
        post.organisation_id,
        post.channel_id,
        post.kind.value,
        post.status.value,
        dump(post.content),
        dump(post.settings),
        media_json(post.media),
        post.created_at,
        post.approved_by,
        post.approved_at,
        post.scheduled_at,
        post.attempts,
        post.next_attempt_at,
        post.publish_id,
        post.tracking.value if post.tracking else None,
        list(post.tiktok_post_ids),
        post.share_url,
        failure_json(post.failure),
        post.manual_reason.value if post.manual_reason else None,
    )


def post_from(row: asyncpg.Record) -> SocialPost:
    events = events_from(row["id"], row["events"])
    return SocialPost(
        id=row["id"],
        organisation_id=row["organisation_id"],
        channel_id=row["channel_id"],
        kind=MediaKind(row["kind"]),
        content=load(row["content"], PostContent),
        settings=load(row["settings"], PostSettings),
        media=media_from(row["media"]),
        status=PostStatus(row["status"]),
        created_at=row["created_at"],
        events=tuple(events),
        approved_by=row["approved_by"],
        approved_at=row["approved_at"],
        scheduled_at=row["scheduled_at"],
        attempts=row["attempts"],
        next_attempt_at=row["next_attempt_at"],
        publish_id=row["publish_id"],
        tracking=Tracking(row["tracking"]) if row["tracking"] else None,
        tiktok_post_ids=tuple(row["tiktok_post_ids"]),
        share_url=row["share_url"],
        failure=failure_from(row["failure"]),
        manual_reason=ManualReason(row["manual_reason"]) if row["manual_reason"] else None,
        version=row["version"],
        loaded_events=len(events),
    )


# ---- channels ------------------------------------------------------------------------------

CHANNEL_COLUMNS = (
    "id, organisation_id, open_id, display_name, username, avatar_url, "
    "time_zone, publishing_mode, status, status_reason, status_changed_at, "
    "connected_at, last_refreshed_at, scopes, token_key_id, access_token_ct, "
    "refresh_token_ct, access_expires_at, refresh_expires_at, version"
)


def sealed_tokens(tokens: TokenSet | None, cipher: TokenCipher) -> tuple[Any, ...]:
    """The token columns: key id, sealed access and refresh tokens, their expiries."""
    if tokens is None:
        return None, None, None, None, None
    access = cipher.encrypt(tokens.access_token.reveal())
    refresh = cipher.encrypt(tokens.refresh_token.reveal())
    return (
        access.key_id,
        access.data,
        refresh.data,
        tokens.access_expires_at,
        tokens.refresh_expires_at,
    )


def opened_tokens(row: asyncpg.Record, cipher: TokenCipher) -> TokenSet | None:
    """The token set of a row with the token columns (None when none is stored)."""
    if row["access_token_ct"] is None:
        return None
    key_id = row["token_key_id"]
    return TokenSet(
        Secret(cipher.decrypt(Ciphertext(key_id, bytes(row["access_token_ct"])))),
        Secret(cipher.decrypt(Ciphertext(key_id, bytes(row["refresh_token_ct"])))),
        row["access_expires_at"],
        row["refresh_expires_at"],
        frozenset(row["scopes"]),
    )


def channel_values(channel: Channel, cipher: TokenCipher) -> tuple[Any, ...]:
    return (
        channel.id,
        channel.organisation_id,
        channel.open_id,
        channel.display_name,
        channel.username,
        channel.avatar_url,
        channel.time_zone,
        channel.publishing_mode.value,
        channel.status.value,
        channel.status_reason,
        channel.status_changed_at,
        channel.connected_at,
        channel.last_refreshed_at,
        sorted(channel.scopes),
        *sealed_tokens(channel.tokens, cipher),
    )


def channel_from(row: asyncpg.Record, cipher: TokenCipher) -> Channel:
    return Channel(
        id=row["id"],
        organisation_id=row["organisation_id"],
        open_id=row["open_id"],
        display_name=row["display_name"],
        status=ChannelStatus(row["status"]),
        tokens=opened_tokens(row, cipher),
        connected_at=row["connected_at"],
        username=row["username"],
        avatar_url=row["avatar_url"],
        time_zone=row["time_zone"],
        publishing_mode=PublishingMode(row["publishing_mode"]),
        status_reason=row["status_reason"],
        status_changed_at=row["status_changed_at"],
        last_refreshed_at=row["last_refreshed_at"],
        version=row["version"],
    )


# ---- OAuth states and insights ------------------------------------------------------------------

OAUTH_STATE_COLUMNS = (
    "state, organisation_id, redirect_uri, return_url, created_at, expires_at, "
    "token_key_id, code_verifier_ct, channel_id"
)


def oauth_state_values(state: OAuthState, cipher: TokenCipher) -> tuple[Any, ...]:
    sealed = cipher.encrypt(state.code_verifier.reveal()) if state.code_verifier else None
    return (
        state.state,
        state.organisation_id,
        state.redirect_uri,
        state.return_url,
        state.created_at,
        state.expires_at,
        sealed.key_id if sealed else None,
        sealed.data if sealed else None,
        state.channel_id,
    )


def oauth_state_from(row: asyncpg.Record, cipher: TokenCipher) -> OAuthState:
    verifier = None
    if row["code_verifier_ct"] is not None:
        verifier = Secret(
            cipher.decrypt(Ciphertext(row["token_key_id"], bytes(row["code_verifier_ct"])))
        )
    return OAuthState(
        row["state"],
        row["organisation_id"],
        row["redirect_uri"],
        row["return_url"],
        row["created_at"],
        row["expires_at"],
        verifier,
        row["channel_id"],
    )


def insight_from(raw: str) -> ChannelInsight:
    return load(raw, ChannelInsight)  # type: ignore[no-any-return]


# ---- API keys and metrics snapshots --------------------------------------------------------------

API_KEY_COLUMNS = "id, organisation_id, name, secret_digest, created_at, revoked_at, last_used_at"


def api_key_values(key: ApiKey) -> tuple[Any, ...]:
    return (
        key.id,
        key.organisation_id,
        key.name,
        key.secret_digest,
        key.created_at,
        key.revoked_at,
        key.last_used_at,
    )


def api_key_from(row: asyncpg.Record) -> ApiKey:
    return ApiKey(
        id=row["id"],
        organisation_id=row["organisation_id"],
        name=row["name"],
        secret_digest=bytes(row["secret_digest"]),
        created_at=row["created_at"],
        revoked_at=row["revoked_at"],
        last_used_at=row["last_used_at"],
    )


VIDEO_SNAPSHOT_COLUMNS = (
    "channel_id, video_id, published_at, captured_at, caption, views, likes, comments, "
    "shares, duration_s, completion_rate, is_photo"
)
ACCOUNT_SNAPSHOT_COLUMNS = (
    "channel_id, captured_at, follower_count, following_count, likes_count, video_count"
)
