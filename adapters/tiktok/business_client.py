"""TikTokBusinessClient: the Accounts API port (business-api.tiktok.com/open_api/v1.3) over
the shared aiohttp session.

The Accounts API answers ``{code, message, request_id, data}`` with HTTP 200 whatever
happened; ``code`` 40100 means "too frequent": we wait for the window and try again. Calls
pass two sliding windows first, 40 a minute per account and endpoint and 600 a minute for
the app, so a sync of many accounts waits instead of collecting 40100s.
"""

from __future__ import annotations

import asyncio
import json
from datetime import date
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

import attrs

from adapters.telemetry import tiktok_calls
from adapters.tiktok.config import USER_AGENT
from adapters.tiktok.errors import client_error, gateway_error
from adapters.tiktok.limiter import Limiter, RateLimiter, Slot
from application.errors import TikTokApiError
from application.ports import TokenGrant
from application.ports.business import (
    BusinessAccount,
    BusinessVideo,
    BusinessVideoPage,
    CommentPage,
    DayMetrics,
    RemoteComment,
    TokenInfo,
)
from domain.figures import Share
from domain.secret import Secret
from domain.tiktok_errors import ErrorSource, classify

if TYPE_CHECKING:
    from adapters.system.http_session import HttpSession

API_BASE = "https://business-api.tiktok.com"
AUTHORIZE_URL = "https://www.tiktok.com/v2/auth/authorize/"  # portal-issued; opaque
V = "/open_api/v1.3"
APP_WINDOW = "accounts_api_app"  # the limiter's endpoint name for the app-wide window
ENDPOINTS = (
    "business_get",
    "video_list",
    "comment_list",
    "comment_reply_list",
    "comment_reply_create",
    "comment_hide",
    "comment_delete",
)
RATE_LIMITED = 40100
ACCOUNT_FIELDS = [
    "username",
    "display_name",
    "profile_image",
    "is_business_account",
    "followers_count",
    "metrics",
    "audience_ages",
    "audience_genders",
    "audience_countries",
]
VIDEO_FIELDS = [
    "item_id",
    "create_time",
    "caption",
    "video_duration",
    "likes",
    "comments",
    "shares",
    "reach",
    "video_views",
    "total_time_watched",
    "average_time_watched",
    "full_video_watched_rate",
    "new_followers",
    "video_view_retention",
    "impression_sources",
]


def business_limits(account_qpm: int = 40, app_qpm: int = 600) -> dict[str, int]:
    return {**dict.fromkeys(ENDPOINTS, account_qpm), APP_WINDOW: app_qpm}


@attrs.frozen
class BusinessClientConfig:
    app_id: str
    secret: Secret
    api_base: str = API_BASE
    authorize_url: str = AUTHORIZE_URL
    request_timeout_s: float = 60.0
    read_attempts: int = 3
    max_rate_waits: int = 5  # 40100 answers waited out before giving up
    backoff_base_s: float = 0.5
    backoff_cap_s: float = 30.0
    user_agent: str = USER_AGENT


class TikTokBusinessClient:
    def __init__(
        self,
        session: HttpSession,
        config: BusinessClientConfig,
        limiter: Limiter | None = None,
    ) -> None:
        self.session = session
        self.config = config
        self.limiter: Limiter = limiter or RateLimiter(business_limits())
        self.rate_limited_answers = 0  # 40100s TikTok gave us (a bench reads it)

    # ---- tt_user OAuth ------------------------------------------------------------

    def authorize_url(self, *, state: str, redirect_uri: str) -> str:
        query = {
            "client_key": self.config.app_id,
            "response_type": "code",
            "redirect_uri": redirect_uri,
            "state": state,
        }
        return f"{self.config.authorize_url}?{urlencode(query)}"

    async def exchange_code(self, *, code: str, redirect_uri: str) -> TokenGrant:
        return _grant(
            await self._oauth(
                "/tt_user/oauth2/token/",
                {
                    "grant_type": "authorization_code",
                    "auth_code": code,
                    "redirect_uri": redirect_uri,
                },
            )
        )

    async def refresh(self, refresh_token: Secret) -> TokenGrant:
        return _grant(
            await self._oauth(
                "/tt_user/oauth2/refresh_token/",
                {"grant_type": "refresh_token", "refresh_token": refresh_token.reveal()},
            )
        )

    async def revoke(self, access_token: Secret) -> None:
        await self._oauth("/tt_user/oauth2/revoke/", {"access_token": access_token.reveal()})

    async def token_info(self, access_token: Secret) -> TokenInfo:
        data = await self._send(
            "POST",
            "/tt_user/token_info/get/",
            json_body={"app_id": self.config.app_id, "access_token": access_token.reveal()},
            read=True,
        )
        return TokenInfo(
            str(data.get("app_id", "")), str(data.get("creator_id", "")), str(data.get("scope", ""))
        )

    async def _oauth(self, path: str, body: dict[str, str]) -> dict[str, Any]:
        secrets_ = {"client_id": self.config.app_id, "client_secret": self.config.secret.reveal()}
        return await self._send("POST", path, json_body={**secrets_, **body}, read=False)

    # ---- insights -----------------------------------------------------------------

    async def account(
        self, access_token: Secret, *, business_id: str, start: date, end: date
    ) -> BusinessAccount:
        data = await self._api(
            "GET",
            "/business/get/",
            "business_get",
            access_token,
            business_id,
            params={
                "start_date": start.isoformat(),
                "end_date": end.isoformat(),
                "fields": json.dumps(ACCOUNT_FIELDS),
            },
        )
        return BusinessAccount(
            business_id,
            str(data.get("username") or ""),
            str(data.get("display_name") or ""),
            str(data.get("profile_image") or ""),
            _opt_bool(data.get("is_business_account")),
            _opt_int(data.get("followers_count")),
            tuple(_day(m) for m in data.get("metrics") or ()),
            _shares(data.get("audience_ages"), "age"),
            _shares(data.get("audience_genders"), "gender"),
            _shares(data.get("audience_countries"), "country"),
        )

    async def list_videos(
        self, access_token: Secret, *, business_id: str, cursor: int | None = None
    ) -> BusinessVideoPage:
        params = {"fields": json.dumps(VIDEO_FIELDS), "max_count": "20"}
        if cursor is not None:
            params["cursor"] = str(cursor)
        data = await self._api(
            "GET", "/business/video/list/", "video_list", access_token, business_id, params=params
        )
        videos = tuple(_video(v) for v in data.get("videos") or ())
        has_more = bool(data.get("has_more"))
        return BusinessVideoPage(
            videos, _opt_int(data.get("cursor")) if has_more else None, has_more
        )

    # ---- comments -----------------------------------------------------------------

    async def list_comments(
        self, access_token: Secret, *, business_id: str, video_id: str, cursor: int = 0
    ) -> CommentPage:
        data = await self._api(
            "GET",
            "/business/comment/list/",
            "comment_list",
            access_token,
            business_id,
            params={
                "video_id": video_id,
                "include_replies": "true",
                "status": "ALL",
                "sort_field": "create_time",
                "sort_order": "desc",
                "cursor": str(cursor),
                "max_count": "30",
            },
        )
        return _comment_page(data, cursor)

    async def list_replies(
        self,
        access_token: Secret,
        *,
        business_id: str,
        video_id: str,
        comment_id: str,
        cursor: int = 0,
    ) -> CommentPage:
        data = await self._api(
            "GET",
            "/business/comment/reply/list/",
            "comment_reply_list",
            access_token,
            business_id,
            params={
                "video_id": video_id,
                "comment_id": comment_id,
                "status": "ALL",
                "sort_field": "create_time",
                "sort_order": "asc",
                "cursor": str(cursor),
                "max_count": "30",
            },
        )
        return _comment_page(data, cursor)

    async def reply(
        self, access_token: Secret, *, business_id: str, video_id: str, comment_id: str, text: str
    ) -> RemoteComment:
        data = await self._api(
            "POST",
            "/business/comment/reply/create/",
            "comment_reply_create",
            access_token,
            business_id,
            json_body={"video_id": video_id, "comment_id": comment_id, "text": text},
            write=True,
        )
        return _comment(data)

    async def hide(
        self,
        access_token: Secret,
        *,
        business_id: str,
        video_id: str,
        comment_id: str,
        hidden: bool,
    ) -> None:
        await self._api(
            "POST",
            "/business/comment/hide/",
            "comment_hide",
            access_token,
            business_id,
            json_body={
                "video_id": video_id,
                "comment_id": comment_id,
                "action": "HIDE" if hidden else "UNHIDE",
            },
        )

    async def delete_comment(
        self, access_token: Secret, *, business_id: str, comment_id: str
    ) -> None:
        await self._api(
            "POST",
            "/business/comment/delete/",
            "comment_delete",
            access_token,
            business_id,
            json_body={"comment_id": comment_id},
        )

    async def subscribe_comments(self, *, callback_url: str) -> str:
        data = await self._send(
            "POST",
            "/business/webhook/update/",
            json_body={
                "app_id": self.config.app_id,
                "secret": self.config.secret.reveal(),
                "event_type": "COMMENT",
                "callback_url": callback_url,
            },
            read=False,
        )
        return str(data.get("callback_url") or "")

    # ---- transport ----------------------------------------------------------------

    async def _api(
        self,
        method: str,
        path: str,
        endpoint: str,
        token: Secret,
        business_id: str,
        *,
        params: dict[str, str] | None = None,
        json_body: dict[str, Any] | None = None,
        write: bool = False,
    ) -> dict[str, Any]:
        if method == "GET":
            params = {"business_id": business_id, **(params or {})}
        else:
            json_body = {"business_id": business_id, **(json_body or {})}
        return await self._send(
            method,
            path,
            params=params,
            json_body=json_body,
            token=token,
            window=(business_id, endpoint),
            read=method == "GET",
            write=write,
        )

    async def _send(
        self,
        method: str,
        path: str,
        *,
        params: dict[str, str] | None = None,
        json_body: dict[str, Any] | None = None,
        token: Secret | None = None,
        window: tuple[str, str] | None = None,
        read: bool,
        write: bool = False,
    ) -> dict[str, Any]:
        """One call: windows, timeouts, retries of reads, 40100 waited out, errors mapped.
        ``write``: not idempotent at TikTok, so a lost answer is ambiguous, never retried."""
        import aiohttp  # here: a process that never calls the Business API never loads it

        headers = {"Content-Type": "application/json"}
        if token is not None:
            headers["Access-Token"] = token.reveal()
        url = f"{self.config.api_base}{V}{path}"
        tiktok_calls.note(path)  # one call for the run's line, however many attempts
        failures = waits = 0
        while True:
            slots = await self._acquire(window)
            try:
                async with self.session.request(
                    method,
                    url,
                    params=params,
                    data=None if json_body is None else json.dumps(json_body),
                    headers=headers,
                    timeout=aiohttp.ClientTimeout(total=self.config.request_timeout_s),
                ) as response:
                    status, text = response.status, await response.text()
                    log_id = response.headers.get("X-Tt-Logid")
            except (TimeoutError, aiohttp.ClientError) as exc:
                if write and not isinstance(exc, aiohttp.ClientConnectorError):
                    raise client_error(
                        "reply_outcome_unknown", f"{path}: {type(exc).__name__}"
                    ) from None
                failures += 1
                if read and failures < self.config.read_attempts:
                    await asyncio.sleep(self._backoff(failures))
                    continue
                lost = "timeout" if isinstance(exc, TimeoutError) else "network_error"
                raise client_error(lost, f"{path}: {type(exc).__name__}: {exc}") from None
            finally:
                for slot in slots:
                    await self.limiter.done(slot)
            payload = _json(text)
            if payload is None or "code" not in payload:
                if write and status >= 500:
                    raise client_error(
                        "reply_outcome_unknown", f"{path}: HTTP {status}", http_status=status
                    )
                failures += 1
                if read and status >= 500 and failures < self.config.read_attempts:
                    await asyncio.sleep(self._backoff(failures))
                    continue
                raise gateway_error(status, text)
            code = _opt_int(payload.get("code"))
            if code == 0:
                data = payload.get("data")
                return data if isinstance(data, dict) else {}
            request_id = str(payload.get("request_id") or log_id or "") or None
            if code == RATE_LIMITED and waits < self.config.max_rate_waits:
                waits += 1  # nothing happened at TikTok: wait for the window, try again
                self.rate_limited_answers += 1
                if window is not None:
                    await self.limiter.penalize(*window)
                continue
            error = TikTokApiError(
                classify(
                    ErrorSource.BUSINESS,
                    str(payload.get("code")),
                    log_id=request_id,
                    detail=str(payload.get("message") or ""),
                ),
                http_status=status,
            )
            if write and code is not None and code >= 50000:
                raise client_error(
                    "reply_outcome_unknown", f"{path}: {error.error.describe()}", log_id=request_id
                )
            if (
                read
                and code is not None
                and code >= 50000
                and failures + 1 < self.config.read_attempts
            ):
                failures += 1
                await asyncio.sleep(self._backoff(failures))
                continue
            raise error

    async def _acquire(self, window: tuple[str, str] | None) -> list[Slot]:
        if window is None:
            return []
        app = await self.limiter.acquire("app", APP_WINDOW)
        try:
            return [app, await self.limiter.acquire(*window)]
        except BaseException:
            await self.limiter.done(app)
            raise

    def _backoff(self, attempt: int) -> float:
        ceiling = min(self.config.backoff_cap_s, self.config.backoff_base_s * 2.0 ** (attempt - 1))
        return ceiling


def _json(text: str) -> dict[str, Any] | None:
    try:
        value = json.loads(text) if text else None
    except ValueError:
        return None
    return value if isinstance(value, dict) else None


def _opt_int(value: object) -> int | None:
    if value is None or isinstance(value, bool):
        return None
    try:
        return int(value)  # type: ignore[call-overload, no-any-return]
    except (TypeError, ValueError):
        return None


def _opt_float(value: object) -> float | None:
    if value is None or isinstance(value, bool):
        return None
    try:
        return float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None


def _opt_bool(value: object) -> bool | None:
    return value if isinstance(value, bool) else None


def _shares(rows: object, key: str) -> tuple[Share, ...]:
    if not isinstance(rows, list):
        return ()
    return tuple(
        Share(str(r.get(key, "")), float(r.get("percentage") or 0.0))
        for r in rows
        if isinstance(r, dict)
    )


def _grant(data: dict[str, Any]) -> TokenGrant:
    """The token answer; v1.2-era spellings (creator_id, expires, refresh_expires) too."""
    return TokenGrant(
        access_token=str(data.get("access_token", "")),
        refresh_token=str(data.get("refresh_token", "")),
        expires_in=_opt_int(data.get("expires_in", data.get("expires"))) or 0,
        refresh_expires_in=_opt_int(
            data.get("refresh_token_expires_in", data.get("refresh_expires"))
        )
        or 0,
        open_id=str(data.get("open_id") or data.get("creator_id") or ""),
        scope=str(data.get("scope", "")),
    )


def _day(row: dict[str, Any]) -> DayMetrics:
    activity = tuple(
        (int(a["hour"]), int(a.get("count") or 0))
        for a in row.get("audience_activity") or ()
        if isinstance(a, dict) and str(a.get("hour", "")).isdigit()
    )
    return DayMetrics(
        date.fromisoformat(str(row["date"])),
        _opt_int(row.get("video_views")),
        _opt_int(row.get("unique_video_views")),
        _opt_int(row.get("profile_views")),
        _opt_int(row.get("likes")),
        _opt_int(row.get("comments")),
        _opt_int(row.get("shares")),
        _opt_int(row.get("followers_count")),
        _opt_int(row.get("daily_new_followers")),
        _opt_int(row.get("daily_lost_followers")),
        activity,
    )


def _video(row: dict[str, Any]) -> BusinessVideo:
    retention = tuple(
        (int(r["second"]), float(r.get("percentage") or 0.0))
        for r in row.get("video_view_retention") or ()
        if isinstance(r, dict) and str(r.get("second", "")).isdigit()
    )
    return BusinessVideo(
        str(row["item_id"]),
        _opt_int(row.get("create_time")) or 0,
        str(row.get("caption") or ""),
        _opt_float(row.get("video_duration")),
        _opt_int(row.get("video_views")),
        _opt_int(row.get("likes")),
        _opt_int(row.get("comments")),
        _opt_int(row.get("shares")),
        _opt_int(row.get("reach")),
        _opt_float(row.get("total_time_watched")),
        _opt_float(row.get("average_time_watched")),
        _opt_float(row.get("full_video_watched_rate")),
        _opt_int(row.get("new_followers")),
        retention,
        _shares(row.get("impression_sources"), "impression_source"),
    )


def _comment(row: dict[str, Any]) -> RemoteComment:
    return RemoteComment(
        str(row.get("comment_id", "")),
        str(row.get("video_id", "")),
        _opt_int(row.get("create_time")) or 0,
        str(row.get("text") or ""),
        str(row.get("parent_comment_id") or "") or None,
        str(row.get("username") or ""),
        str(row.get("display_name") or ""),
        bool(row.get("owner")),
        row.get("status") == "HIDDEN",
        _opt_int(row.get("likes")),
        _opt_int(row.get("replies")) or 0,
        tuple(_comment(r) for r in row.get("reply_list") or () if isinstance(r, dict)),
    )


def _comment_page(data: dict[str, Any], cursor: int) -> CommentPage:
    comments = tuple(_comment(c) for c in data.get("comments") or () if isinstance(c, dict))
    return CommentPage(comments, _opt_int(data.get("cursor")) or cursor, bool(data.get("has_more")))
