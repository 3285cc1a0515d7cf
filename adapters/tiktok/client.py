"""TikTokHttpClient: the TikTok API port over one shared aiohttp session."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator, Callable, Sequence
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

from adapters.tiktok import wire
from adapters.tiktok.config import TikTokClientConfig, backoff_delay
from adapters.tiktok.errors import (
    api_error,
    client_error,
    gateway_error,
    oauth_error,
    unexpected_answer,
)
from adapters.tiktok.limiter import Limiter, RateLimiter, WindowFull, token_key
from adapters.tiktok.uploader import ChunkUploader
from application.errors import TikTokApiError
from application.ports import InitResult, TikTokVideo, TokenGrant, UserProfile, VideoPage
from application.ports.tiktok import ProgressCallback, VideoSourceSpec
from domain.chunk_plan import ChunkPlan
from domain.creator import CreatorInfo
from domain.post_content import MediaKind, PrivacyLevel, PublishMethod
from domain.publish_status import PublishStatusReport, TikTokPublishStatus
from domain.secret import Secret
from domain.social_post import SocialPost

if TYPE_CHECKING:
    import aiohttp

    from adapters.system.http_session import HttpSession

SCOPE_FIELDS = {
    "user.info.basic": ("open_id", "union_id", "avatar_url", "display_name"),
    "user.info.profile": ("username", "bio_description", "profile_deep_link", "is_verified"),
    "user.info.stats": ("follower_count", "following_count", "likes_count", "video_count"),
}
VIDEO_FIELDS = (
    "id,create_time,title,video_description,duration,share_url,view_count,"
    "like_count,comment_count,share_count"
)
QUERY_BATCH = 20


class TikTokHttpClient:
    def __init__(
        self,
        session: HttpSession,
        config: TikTokClientConfig,
        limiter: Limiter | None = None,
    ) -> None:
        self.session = session
        self.config = config
        self.limiter: Limiter = limiter or RateLimiter(config.rate_limits, config.rate_window_s)
        self.uploader = ChunkUploader(session, config)

    # ---- OAuth ----------------------------------------------------------------------

    def authorize_url(
        self,
        *,
        state: str,
        redirect_uri: str,
        scopes: Sequence[str],
        code_challenge: str | None = None,
    ) -> str:
        query = {
            "client_key": self.config.client_key,
            "scope": ",".join(scopes),
            "response_type": "code",
            "redirect_uri": redirect_uri,
            "state": state,
        }
        if code_challenge:  # TikTok's PKCE: the hex SHA-256 of the verifier
            query |= {"code_challenge": code_challenge, "code_challenge_method": "S256"}
        return f"{self.config.auth_base}/v2/auth/authorize/?{urlencode(query)}"

    async def exchange_code(
        self, *, code: str, redirect_uri: str, code_verifier: str | None = None
    ) -> TokenGrant:
        form = {"code": code, "grant_type": "authorization_code", "redirect_uri": redirect_uri}
        if code_verifier:
            form["code_verifier"] = code_verifier
        return _grant(await self._oauth("/v2/oauth/token/", form))

    async def refresh(self, refresh_token: Secret) -> TokenGrant:
        return _grant(
            await self._oauth(
                "/v2/oauth/token/",
                {"grant_type": "refresh_token", "refresh_token": refresh_token.reveal()},
            )
        )

    async def revoke(self, access_token: Secret) -> None:
        await self._oauth("/v2/oauth/revoke/", {"token": access_token.reveal()})

    async def _oauth(self, path: str, form: dict[str, str]) -> dict[str, Any]:
        import aiohttp  # here, not at import: a worker's start does not load aiohttp

        body = {
            "client_key": self.config.client_key,
            "client_secret": self.config.client_secret.reveal(),
            **form,
        }
        try:
            async with self.session.post(
                f"{self.config.api_base}{path}", data=body, timeout=self._timeout()
            ) as response:
                status, text = response.status, await response.text()
        except (TimeoutError, aiohttp.ClientError) as exc:
            raise _unreachable(exc, path) from None
        payload = _json(text)
        if payload is None:
            if status == 200 and not text:  # revoke may answer with an empty body
                return {}
            if status >= 500:
                raise oauth_error(
                    {"error": "server_error", "error_description": f"HTTP {status}"}, status
                )
            raise gateway_error(status, text)
        error = payload.get("error")
        if isinstance(error, str) and error:
            raise oauth_error(payload, status)  # whatever the HTTP status says
        if isinstance(error, dict) and error.get("code", "ok") != "ok":
            raise api_error(payload, status)  # the v2 envelope, as a gateway may send
        if status >= 400:  # refused, but in no shape TikTok documents
            raise gateway_error(status, text)
        return payload

    # ---- user and creator ----------------------------------------------------------------

    async def user_info(self, access_token: Secret, *, scopes: frozenset[str]) -> UserProfile:
        fields = [f for scope, names in SCOPE_FIELDS.items() if scope in scopes for f in names]
        data = await self._api(
            "GET",
            "/v2/user/info/",
            access_token,
            "user_info",
            params={"fields": ",".join(fields or ["open_id"])},
        )
        profile: UserProfile = _read(data.get("user") or {}, UserProfile)
        return profile

    async def creator_info(
        self, access_token: Secret, *, max_wait_s: float | None = None
    ) -> CreatorInfo:
        data = _read(
            await self._api(
                "POST",
                "/v2/post/publish/creator_info/query/",
                access_token,
                "creator_info",
                read=True,
                max_wait_s=max_wait_s,
            ),
            wire.CreatorInfoData,
        )
        options = tuple(
            PrivacyLevel(o) for o in data.privacy_level_options if o in PrivacyLevel.__members__
        )
        return CreatorInfo(
            data.creator_username,
            data.creator_nickname,
            data.creator_avatar_url,
            options,
            data.comment_disabled,
            data.duet_disabled,
            data.stitch_disabled,
            data.max_video_post_duration_sec,
        )

    # ---- posting ---------------------------------------------------------------------------

    async def init_video(
        self, access_token: Secret, *, post: SocialPost, source: VideoSourceSpec
    ) -> InitResult:
        inbox = post.settings.publish_method is PublishMethod.INBOX
        path = "/v2/post/publish/inbox/video/init/" if inbox else "/v2/post/publish/video/init/"
        data = _read(
            await self._api(
                "POST",
                path,
                access_token,
                "inbox_init" if inbox else "video_init",
                json_body=wire.video_init_body(post, source),
                init=True,
            ),
            wire.InitData,
            path,
            init=True,
        )
        return InitResult(data.publish_id, data.upload_url)

    async def init_wait_s(self, access_token: Secret, *, post: SocialPost) -> float:
        if post.kind is MediaKind.PHOTO:
            endpoint = "content_init"
        elif post.settings.publish_method is PublishMethod.INBOX:
            endpoint = "inbox_init"
        else:
            endpoint = "video_init"
        return await self.limiter.free_in(token_key(access_token), endpoint)

    async def init_photos(
        self, access_token: Secret, *, post: SocialPost, photo_urls: Sequence[str]
    ) -> InitResult:
        data = _read(
            await self._api(
                "POST",
                "/v2/post/publish/content/init/",
                access_token,
                "content_init",
                json_body=wire.photo_init_body(post, photo_urls),
                init=True,
            ),
            wire.InitData,
            "/v2/post/publish/content/init/",
            init=True,
        )
        return InitResult(data.publish_id)

    async def upload(
        self,
        upload_url: str,
        *,
        plan: ChunkPlan,
        read_range: Callable[[int, int], AsyncIterator[bytes]],
        content_type: str,
        progress: ProgressCallback | None = None,
    ) -> None:
        await self.uploader.upload(
            upload_url,
            plan=plan,
            read_range=read_range,
            content_type=content_type,
            progress=progress,
        )

    async def fetch_status(self, access_token: Secret, publish_id: str) -> PublishStatusReport:
        payload = await self._api(
            "POST",
            "/v2/post/publish/status/fetch/",
            access_token,
            "status_fetch",
            json_body={"publish_id": publish_id},
            read=True,
            envelope=True,
        )
        try:
            data = wire.status_data(payload.get("data") or {})
            status = TikTokPublishStatus(data.status)
        except (wire.UnexpectedAnswer, ValueError) as exc:  # e.g. a status value we do not know
            raise unexpected_answer("/v2/post/publish/status/fetch/", exc) from None
        return PublishStatusReport(
            publish_id=publish_id,
            status=status,
            fail_reason=data.fail_reason or None,
            public_post_ids=tuple(data.publicaly_available_post_id),
            uploaded_bytes=data.uploaded_bytes,
            downloaded_bytes=data.downloaded_bytes,
            log_id=(payload.get("error") or {}).get("log_id"),
        )

    async def cancel(self, access_token: Secret, publish_id: str) -> None:
        await self._api(
            "POST",
            "/v2/post/publish/cancel/",
            access_token,
            "cancel",
            json_body={"publish_id": publish_id},
        )

    # ---- display ----------------------------------------------------------------------------

    async def list_videos(
        self, access_token: Secret, *, cursor: int | None = None, max_count: int = 20
    ) -> VideoPage:
        body: dict[str, Any] = {"max_count": min(max_count, 20)}
        if cursor is not None:
            body["cursor"] = cursor
        data = _read(
            await self._api(
                "POST",
                "/v2/video/list/",
                access_token,
                "video_list",
                params={"fields": VIDEO_FIELDS},
                json_body=body,
                read=True,
            ),
            wire.VideoListData,
        )
        return VideoPage(tuple(data.videos), data.cursor if data.has_more else None, data.has_more)

    async def query_videos(
        self, access_token: Secret, video_ids: Sequence[str]
    ) -> Sequence[TikTokVideo]:
        found: list[TikTokVideo] = []
        for start in range(0, len(video_ids), QUERY_BATCH):
            batch = list(video_ids[start : start + QUERY_BATCH])
            data = _read(
                await self._api(
                    "POST",
                    "/v2/video/query/",
                    access_token,
                    "video_query",
                    params={"fields": VIDEO_FIELDS},
                    json_body={"filters": {"video_ids": batch}},
                    read=True,
                ),
                wire.VideoListData,
            )
            found += data.videos
        return found

    # ---- transport -----------------------------------------------------------------------------

    async def _api(
        self,
        method: str,
        path: str,
        token: Secret,
        endpoint: str,
        *,
        json_body: Any = None,
        params: dict[str, str] | None = None,
        read: bool = False,
        init: bool = False,
        envelope: bool = False,
        max_wait_s: float | None = None,
    ) -> dict[str, Any]:
        """One API call: limiter, timeouts, retries for reads and 429s, error mapping.

        ``init``: the call creates something at TikTok, so a lost answer is ambiguous.
        ``max_wait_s``: the longest wait for a slot in the rate window (inits: the config's).
        """
        import aiohttp  # here, not at import: a worker's start does not load aiohttp

        if init:
            max_wait_s = self.config.init_max_wait_s
        key, url = token_key(token), f"{self.config.api_base}{path}"
        headers = {"Authorization": f"Bearer {token.reveal()}"}
        if json_body is not None:
            headers["Content-Type"] = "application/json; charset=UTF-8"
        limited = failures = 0
        while True:
            try:  # an init does not hold a worker for a whole window: the post waits instead
                slot = await self.limiter.acquire(key, endpoint, max_wait_s)
            except WindowFull as full:
                raise client_error(
                    "rate_window_full", f"{path}: {full}", retry_after_s=full.wait_s
                ) from None
            try:
                async with self.session.request(
                    method,
                    url,
                    params=params,
                    headers=headers,
                    timeout=self._timeout(),
                    data=None if json_body is None else json.dumps(json_body),
                ) as response:
                    status, text = response.status, await response.text()
            except (TimeoutError, aiohttp.ClientError) as exc:
                sent = not isinstance(exc, aiohttp.ClientConnectorError)
                if init and sent:
                    raise client_error(
                        "init_outcome_unknown", f"{path}: {type(exc).__name__} after sending"
                    ) from None
                failures += 1
                if read and failures < self.config.read_attempts:
                    await asyncio.sleep(backoff_delay(self.config, failures))
                    continue
                raise _unreachable(exc, path) from None
            finally:
                await self.limiter.done(slot)  # also on cancellation: never a slot stuck in flight
            payload = _json(text)
            if payload is None or not isinstance(payload.get("error"), dict):
                accepted = 200 <= status < 300  # a 2xx we cannot read: it may have acted
                if init and (status >= 500 or accepted):
                    raise client_error(
                        "init_outcome_unknown",
                        f"{path}: HTTP {status} without a TikTok answer",
                        http_status=status,
                    )
                failures += 1
                retry = status >= 500 or accepted
                if read and retry and failures < self.config.read_attempts:
                    await asyncio.sleep(backoff_delay(self.config, failures))
                    continue
                if accepted:
                    raise unexpected_answer(path, f"HTTP {status}: {text[:200]!r}", status)
                raise gateway_error(status, text)
            code = payload["error"].get("code")
            if code == "ok":
                return payload if envelope else (payload.get("data") or {})
            if code == "rate_limit_exceeded" and limited < self.config.max_429_retries:
                limited += 1
                await self.limiter.penalize(key, endpoint)  # retried after the window
                continue
            if init and status >= 500:
                error = api_error(payload, status).error
                raise client_error(
                    "init_outcome_unknown",
                    f"{path}: {error.describe()}",
                    http_status=status,
                    log_id=error.log_id,
                )
            if read and status >= 500 and failures + 1 < self.config.read_attempts:
                failures += 1
                await asyncio.sleep(backoff_delay(self.config, failures))
                continue
            raise api_error(payload, status)

    def _timeout(self) -> aiohttp.ClientTimeout:
        import aiohttp

        return aiohttp.ClientTimeout(
            total=self.config.request_timeout_s,
            connect=self.config.connect_timeout_s,
            sock_read=self.config.read_timeout_s,
        )


def _read(data: Any, cls: type[Any], path: str = "", *, init: bool = False) -> Any:
    """An answer read into its type. One that does not fit is ``unexpected_answer``
    (transient: asked again later), or for an init ``init_outcome_unknown``: TikTok said ok,
    so the post may exist though we cannot read its publish id."""
    try:
        return wire.read(data, cls)
    except wire.UnexpectedAnswer as exc:
        if init:
            raise client_error("init_outcome_unknown", f"{path}: {exc}") from None
        raise unexpected_answer(path or cls.__name__, exc) from None


def _json(text: str) -> dict[str, Any] | None:
    try:
        value = json.loads(text) if text else None
    except ValueError:
        return None
    return value if isinstance(value, dict) else None


def _unreachable(exc: BaseException, path: str) -> TikTokApiError:
    code = "timeout" if isinstance(exc, TimeoutError) else "network_error"
    return client_error(code, f"{path}: {type(exc).__name__}: {exc}")


def _grant(payload: dict[str, Any]) -> TokenGrant:
    """TikTok's flat token answer, field for field (``token_type`` is dropped)."""
    grant: TokenGrant = _read(payload, TokenGrant, "/v2/oauth/token/")
    return grant
