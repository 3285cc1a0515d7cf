"""Response shapes of the channel upkeep routes (creator options, verify, refresh, sync,
disconnect, exchange), of API keys and of media uploads: the public API's own classes."""

from __future__ import annotations

from datetime import datetime

import attrs

from domain.post_content import PrivacyLevel
from entrypoints.http.v1.analytics_responses import AccountSnapshotOut
from entrypoints.http.v1.responses import ChannelOut


@attrs.frozen
class CreatorOptionsOut:
    """TikTok's UX rules: no privacy default is chosen for the user."""

    username: str
    nickname: str
    avatar_url: str
    privacy_level_options: list[PrivacyLevel]
    privacy_level_default: None  # always null: the user picks
    comment_disabled: bool
    duet_disabled: bool
    stitch_disabled: bool
    max_video_post_duration_sec: int


@attrs.frozen
class ChannelHealthOut:
    channel_id: str
    healthy: bool
    status: str
    problems: list[str]
    display_name: str
    access_expires_in_s: int | None
    refresh_expires_in_s: int | None


@attrs.frozen
class RefreshedOut:
    refreshed: bool
    reason: str
    channel: ChannelOut


@attrs.frozen
class MetricsSyncedOut:
    channel_id: str
    videos: int
    account: AccountSnapshotOut
    not_due: int
    account_stored: bool


@attrs.frozen
class DisconnectedOut:
    channel: ChannelOut
    revoked_at_tiktok: bool
    revoke_error: str | None
    purge_after_days: int  # TikTok data is purged this many days after disconnection


@attrs.frozen
class ExchangedOut:
    channel: ChannelOut
    created: bool  # false: an existing channel was reconnected


@attrs.frozen
class ApiKeyOut:
    id: str
    name: str
    created_at: datetime
    revoked_at: datetime | None
    last_used_at: datetime | None


@attrs.frozen
class ApiKeyList:
    items: list[ApiKeyOut]


@attrs.frozen
class IssuedKeyOut:
    id: str
    name: str
    created_at: datetime
    revoked_at: datetime | None
    last_used_at: datetime | None
    key: str  # the secret, shown once


@attrs.frozen
class StoredMediaOut:
    key: str  # the media key to put in a post
    size: int
    content_type: str
