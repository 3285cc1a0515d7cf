"""A TikTokApi decorator that counts every call and every error by its taxonomy code."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from typing import TypeVar

from adapters.telemetry import tiktok_calls
from adapters.telemetry.prometheus import PrometheusTelemetry
from application.errors import TikTokApiError
from application.ports import (
    InitResult,
    ProgressCallback,
    TikTokApi,
    TikTokVideo,
    TokenGrant,
    UserProfile,
    VideoPage,
    VideoSourceSpec,
)
from domain.chunk_plan import ChunkPlan
from domain.creator import CreatorInfo
from domain.publish_status import PublishStatusReport
from domain.secret import Secret
from domain.social_post import SocialPost

T = TypeVar("T")


class InstrumentedTikTokApi:
    """Every network call is counted under its name; ``authorize_url`` and
    ``init_wait_s`` make none and pass straight through."""

    def __init__(self, inner: TikTokApi, telemetry: PrometheusTelemetry) -> None:
        self.inner = inner
        self.telemetry = telemetry

    async def _counted(self, name: str, call: Awaitable[T]) -> T:
        tiktok_calls.note(name)
        try:
            result = await call
        except TikTokApiError as exc:
            self.telemetry.tiktok_call(name, exc.error.code)
            raise
        self.telemetry.tiktok_call(name, None)
        return result

    def authorize_url(
        self,
        *,
        state: str,
        redirect_uri: str,
        scopes: Sequence[str],
        code_challenge: str | None = None,
    ) -> str:
        return self.inner.authorize_url(
            state=state, redirect_uri=redirect_uri, scopes=scopes, code_challenge=code_challenge
        )

    async def exchange_code(
        self, *, code: str, redirect_uri: str, code_verifier: str | None = None
    ) -> TokenGrant:
        return await self._counted(
            "exchange_code",
            self.inner.exchange_code(
                code=code, redirect_uri=redirect_uri, code_verifier=code_verifier
            ),
        )

    async def refresh(self, refresh_token: Secret) -> TokenGrant:
        return await self._counted("refresh", self.inner.refresh(refresh_token))

    async def revoke(self, access_token: Secret) -> None:
        await self._counted("revoke", self.inner.revoke(access_token))

    async def user_info(self, access_token: Secret, *, scopes: frozenset[str]) -> UserProfile:
        return await self._counted("user_info", self.inner.user_info(access_token, scopes=scopes))

    async def creator_info(
        self, access_token: Secret, *, max_wait_s: float | None = None
    ) -> CreatorInfo:
        return await self._counted(
            "creator_info", self.inner.creator_info(access_token, max_wait_s=max_wait_s)
        )

    async def init_video(
        self, access_token: Secret, *, post: SocialPost, source: VideoSourceSpec
    ) -> InitResult:
        return await self._counted(
            "init_video", self.inner.init_video(access_token, post=post, source=source)
        )

    async def init_photos(
        self, access_token: Secret, *, post: SocialPost, photo_urls: Sequence[str]
    ) -> InitResult:
        return await self._counted(
            "init_photos", self.inner.init_photos(access_token, post=post, photo_urls=photo_urls)
        )

    async def init_wait_s(self, access_token: Secret, *, post: SocialPost) -> float:
        return await self.inner.init_wait_s(access_token, post=post)

    async def upload(
        self,
        upload_url: str,
        *,
        plan: ChunkPlan,
        read_range: Callable[[int, int], AsyncIterator[bytes]],
        content_type: str,
        progress: ProgressCallback | None = None,
    ) -> None:
        await self._counted(
            "upload",
            self.inner.upload(
                upload_url,
                plan=plan,
                read_range=read_range,
                content_type=content_type,
                progress=progress,
            ),
        )

    async def fetch_status(self, access_token: Secret, publish_id: str) -> PublishStatusReport:
        return await self._counted(
            "fetch_status", self.inner.fetch_status(access_token, publish_id)
        )

    async def cancel(self, access_token: Secret, publish_id: str) -> None:
        await self._counted("cancel", self.inner.cancel(access_token, publish_id))

    async def list_videos(
        self, access_token: Secret, *, cursor: int | None = None, max_count: int = 20
    ) -> VideoPage:
        return await self._counted(
            "list_videos", self.inner.list_videos(access_token, cursor=cursor, max_count=max_count)
        )

    async def query_videos(
        self, access_token: Secret, video_ids: Sequence[str]
    ) -> Sequence[TikTokVideo]:
        return await self._counted("query_videos", self.inner.query_videos(access_token, video_ids))
