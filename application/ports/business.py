"""The Accounts API port (business-api.tiktok.com) and what it answers, as plain values."""

from __future__ import annotations

from datetime import date
from typing import Protocol

import attrs

from application.ports.tiktok import TokenGrant
from domain.figures import Share
from domain.secret import Secret


@attrs.frozen
class TokenInfo:
    app_id: str
    business_id: str  # ``creator_id``
    scope: str


@attrs.frozen
class DayMetrics:
    """One ``metrics[]`` entry of ``business/get``; absent fields stay None."""

    day: date
    video_views: int | None = None
    reach: int | None = None
    profile_views: int | None = None
    likes: int | None = None
    comments: int | None = None
    shares: int | None = None
    followers_count: int | None = None
    new_followers: int | None = None
    lost_followers: int | None = None
    audience_activity: tuple[tuple[int, int], ...] = ()


@attrs.frozen
class BusinessAccount:
    business_id: str
    username: str = ""
    display_name: str = ""
    avatar_url: str = ""
    is_business_account: bool | None = None
    followers_count: int | None = None
    days: tuple[DayMetrics, ...] = ()
    ages: tuple[Share, ...] = ()
    genders: tuple[Share, ...] = ()
    countries: tuple[Share, ...] = ()


@attrs.frozen
class BusinessVideo:
    item_id: str
    create_time: int
    caption: str = ""
    duration_s: float | None = None
    views: int | None = None
    likes: int | None = None
    comments: int | None = None
    shares: int | None = None
    reach: int | None = None
    total_time_watched_s: float | None = None
    average_time_watched_s: float | None = None
    full_video_watched_rate: float | None = None
    new_followers: int | None = None
    retention: tuple[tuple[int, float], ...] = ()
    impression_sources: tuple[Share, ...] = ()


@attrs.frozen
class BusinessVideoPage:
    videos: tuple[BusinessVideo, ...]
    cursor: int | None
    has_more: bool


@attrs.frozen
class RemoteComment:
    comment_id: str
    video_id: str
    create_time: int
    text: str = ""
    parent_comment_id: str | None = None
    username: str = ""
    display_name: str = ""
    owner: bool = False
    hidden: bool = False
    likes: int | None = None
    replies: int = 0
    reply_list: tuple[RemoteComment, ...] = ()


@attrs.frozen
class CommentPage:
    comments: tuple[RemoteComment, ...]
    cursor: int
    has_more: bool


class BusinessApi(Protocol):
    """Every call raises application.errors.TikTokApiError with a classified error."""

    def authorize_url(self, *, state: str, redirect_uri: str) -> str: ...

    async def exchange_code(self, *, code: str, redirect_uri: str) -> TokenGrant: ...

    async def refresh(self, refresh_token: Secret) -> TokenGrant: ...

    async def revoke(self, access_token: Secret) -> None: ...

    async def token_info(self, access_token: Secret) -> TokenInfo: ...

    async def account(
        self, access_token: Secret, *, business_id: str, start: date, end: date
    ) -> BusinessAccount:
        """Profile, daily metrics of ``start``..``end`` (UTC, closed) and audience."""
        ...

    async def list_videos(
        self, access_token: Secret, *, business_id: str, cursor: int | None = None
    ) -> BusinessVideoPage: ...

    async def list_comments(
        self, access_token: Secret, *, business_id: str, video_id: str, cursor: int = 0
    ) -> CommentPage:
        """Top-level comments (hidden ones too) with up to 3 replies each."""
        ...

    async def list_replies(
        self,
        access_token: Secret,
        *,
        business_id: str,
        video_id: str,
        comment_id: str,
        cursor: int = 0,
    ) -> CommentPage: ...

    async def reply(
        self, access_token: Secret, *, business_id: str, video_id: str, comment_id: str, text: str
    ) -> RemoteComment:
        """Not idempotent: a lost answer raises the ambiguous ``reply_outcome_unknown``."""
        ...

    async def hide(
        self,
        access_token: Secret,
        *,
        business_id: str,
        video_id: str,
        comment_id: str,
        hidden: bool,
    ) -> None: ...

    async def delete_comment(
        self, access_token: Secret, *, business_id: str, comment_id: str
    ) -> None: ...

    async def subscribe_comments(self, *, callback_url: str) -> str:
        """Point the app's ``comment.update`` deliveries (every authorised account) at the
        URL; returns the URL TikTok stored."""
        ...
