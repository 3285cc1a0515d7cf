"""The TikTok API port and the token cipher."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Sequence
from datetime import datetime
from typing import Protocol

import attrs

from domain.channel import TokenSet
from domain.chunk_plan import ChunkPlan
from domain.creator import CreatorInfo
from domain.post_content import VideoSource
from domain.publish_status import PublishStatusReport
from domain.secret import Secret
from domain.social_post import SocialPost

ProgressCallback = Callable[[int], None]  # bytes sent so far

# A call made while a person waits for an HTTP answer never waits on a rate window: it
# may wait this long for calls in flight to answer, then reports the window full.
REQUEST_MAX_WAIT_S = 0.5


@attrs.frozen
class TokenGrant:
    """A token endpoint answer, as TikTok sent it (remaining seconds, not expiry times)."""

    access_token: str = attrs.field(repr=False)
    refresh_token: str = attrs.field(repr=False)
    expires_in: int
    refresh_expires_in: int
    open_id: str
    scope: str

    def token_set(self, now: datetime) -> TokenSet:
        """Expiries from TikTok's remaining seconds; the newest refresh token always."""
        return TokenSet.from_grant(
            access_token=self.access_token,
            refresh_token=self.refresh_token,
            expires_in=self.expires_in,
            refresh_expires_in=self.refresh_expires_in,
            scope=self.scope,
            now=now,
        )


@attrs.frozen
class UserProfile:
    open_id: str
    display_name: str = ""
    union_id: str | None = None
    avatar_url: str | None = None
    username: str | None = None
    bio_description: str | None = None
    profile_deep_link: str | None = None
    is_verified: bool | None = None
    follower_count: int | None = None
    following_count: int | None = None
    likes_count: int | None = None
    video_count: int | None = None


@attrs.frozen
class VideoSourceSpec:
    """How TikTok gets the video: our upload with a chunk plan, or a pull from a URL."""

    source: VideoSource
    plan: ChunkPlan | None = None
    video_url: str | None = None


@attrs.frozen
class InitResult:
    publish_id: str
    upload_url: str | None = None


@attrs.frozen
class TikTokVideo:
    id: str
    create_time: int
    title: str = ""
    video_description: str = ""
    duration: int | None = None
    share_url: str | None = None
    view_count: int = 0
    like_count: int = 0
    comment_count: int = 0
    share_count: int = 0


@attrs.frozen
class VideoPage:
    videos: tuple[TikTokVideo, ...]
    cursor: int | None
    has_more: bool


class TikTokApi(Protocol):
    """Every call raises application.errors.TikTokApiError with a classified error."""

    def authorize_url(
        self,
        *,
        state: str,
        redirect_uri: str,
        scopes: Sequence[str],
        code_challenge: str | None = None,
    ) -> str: ...

    async def exchange_code(
        self, *, code: str, redirect_uri: str, code_verifier: str | None = None
    ) -> TokenGrant: ...

    async def refresh(self, refresh_token: Secret) -> TokenGrant: ...

    async def revoke(self, access_token: Secret) -> None: ...

    async def user_info(self, access_token: Secret, *, scopes: frozenset[str]) -> UserProfile:
        """The profile fields the granted scopes allow."""
        ...

    async def creator_info(
        self, access_token: Secret, *, max_wait_s: float | None = None
    ) -> CreatorInfo:
        """``max_wait_s``: how long the call may wait for room in the token's rate window
        (None: as long as it takes); past it, TikTokApiError ``rate_window_full`` with the
        seconds until the window opens in ``retry_after_s``."""
        ...

    async def init_video(
        self, access_token: Secret, *, post: SocialPost, source: VideoSourceSpec
    ) -> InitResult:
        """Direct Post or inbox init by the post's publish method."""
        ...

    async def init_photos(
        self, access_token: Secret, *, post: SocialPost, photo_urls: Sequence[str]
    ) -> InitResult: ...

    async def init_wait_s(self, access_token: Secret, *, post: SocialPost) -> float:
        """Seconds until this post's init fits the token's rate window (0: now)."""
        ...

    async def upload(
        self,
        upload_url: str,
        *,
        plan: ChunkPlan,
        read_range: Callable[[int, int], AsyncIterator[bytes]],
        content_type: str,
        progress: ProgressCallback | None = None,
    ) -> None:
        """PUT every chunk of the plan, streaming each from ``read_range(first, last)``."""
        ...

    async def fetch_status(self, access_token: Secret, publish_id: str) -> PublishStatusReport: ...

    async def cancel(self, access_token: Secret, publish_id: str) -> None: ...

    async def list_videos(
        self, access_token: Secret, *, cursor: int | None = None, max_count: int = 20
    ) -> VideoPage: ...

    async def query_videos(
        self, access_token: Secret, video_ids: Sequence[str]
    ) -> Sequence[TikTokVideo]: ...


@attrs.frozen
class Ciphertext:
    key_id: str
    data: bytes = attrs.field(repr=False)


class TokenCipher(Protocol):
    def encrypt(self, plaintext: str) -> Ciphertext: ...

    def decrypt(self, ciphertext: Ciphertext) -> str: ...


class CreatorInfoCache(Protocol):
    """A short-lived memory of creators' info, so a request answers without TikTok."""

    def get(self, channel_id: str, *, now: datetime) -> CreatorInfo | None: ...

    def put(self, channel_id: str, info: CreatorInfo, *, now: datetime) -> None: ...
