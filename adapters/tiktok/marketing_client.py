"""MarketingHttpClient: TikTok's Marketing API v1.3 (ads) over the shared aiohttp session.

Errors arrive as HTTP 200 with a non-zero ``code``; they are classified by the domain's
taxonomy (source ``marketing``). The client keeps per-endpoint windows (per app, per
minute) and per-advertiser ones (per second), retries rate limits after the window and
reads after a backoff, and never re-sends a create whose answer was lost: that is the
caller's decision (request_id for campaigns and ad groups, listing first for ads).
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

import aiohttp

from adapters.telemetry import tiktok_calls
from adapters.tiktok.errors import client_error, gateway_error
from adapters.tiktok.limiter import RateLimiter, WindowFull
from adapters.tiktok.marketing_config import MarketingClientConfig
from adapters.tiktok.marketing_wire import ad_body, ad_group_body, campaign_body, remote_object
from application.errors import TikTokApiError
from application.ports.ads import (
    Advertiser,
    ByteSource,
    MarketingGrant,
    RemoteAudience,
    RemoteObject,
    VideoInfo,
)
from domain.ads.model import AdGroupSpec, AdSpec, CampaignSpec, ObjectKind, OperationStatus, Spec
from domain.ads.reports import DATA_LEVEL, ID_DIMENSION, METRICS, AdMetrics
from domain.secret import Secret
from domain.tiktok_errors import Category, ErrorSource, classify

if TYPE_CHECKING:
    from adapters.system.http_session import HttpSession

PREFIX = "/open_api/v1.3"
PATH = {ObjectKind.CAMPAIGN: "campaign", ObjectKind.AD_GROUP: "adgroup", ObjectKind.AD: "ad"}
RATE_CODES = frozenset({"40016", "40100", "40133"})
PAGE_SIZE = 1000


class MarketingHttpClient:
    def __init__(self, session: HttpSession, config: MarketingClientConfig) -> None:
        self.session = session
        self.config = config
        self.per_minute = RateLimiter({}, 60.0)
        self.per_second = RateLimiter({}, 1.0)
        self.calls = 0

    # ---- authorisation ----------------------------------------------------------------

    def authorize_url(self, *, state: str, redirect_uri: str) -> str:
        query = {"app_id": self.config.app_id, "state": state, "redirect_uri": redirect_uri}
        return f"{self.config.portal_auth_url}?{urlencode(query)}"

    async def exchange_auth_code(self, auth_code: str) -> MarketingGrant:
        data = await self._call(
            "POST", "/oauth2/access_token/", None, body=self._app() | {"auth_code": auth_code}
        )
        return MarketingGrant(
            Secret(str(data["access_token"])),
            tuple(str(a) for a in data.get("advertiser_ids") or ()),
        )

    async def advertisers(self, token: Secret) -> Sequence[Advertiser]:
        data = await self._call(
            "GET", "/oauth2/advertiser/get/", token, params=self._app(), read=True
        )
        ids = [str(a["advertiser_id"]) for a in data.get("list") or ()]
        if not ids:
            return []
        info = await self._call(
            "GET", "/advertiser/info/", token, params={"advertiser_ids": json.dumps(ids)}, read=True
        )
        found = {str(a["advertiser_id"]): a for a in info.get("list") or ()}
        names = {str(a["advertiser_id"]): a.get("advertiser_name", "") for a in data["list"]}
        return [
            Advertiser(
                i,
                str(found.get(i, {}).get("name") or names.get(i) or i),
                str(found.get(i, {}).get("currency") or "USD"),
                str(found.get(i, {}).get("timezone") or "UTC"),
            )
            for i in ids
        ]

    async def revoke(self, token: Secret) -> None:
        await self._call(
            "POST",
            "/oauth2/revoke_token/",
            None,
            body=self._app() | {"access_token": token.reveal()},
        )

    def _app(self) -> dict[str, str]:
        return {"app_id": self.config.app_id, "secret": self.config.secret.reveal()}

    # ---- campaigns, ad groups, ads ---------------------------------------------------------

    async def create_campaign(
        self, token: Secret, advertiser_id: str, spec: CampaignSpec, *, request_id: str
    ) -> str:
        body = campaign_body(advertiser_id, spec) | {"request_id": request_id}
        data = await self._call("POST", "/campaign/create/", token, body=body, create=True)
        return str(data["campaign_id"])

    async def create_ad_group(
        self,
        token: Secret,
        advertiser_id: str,
        campaign_id: str,
        spec: AdGroupSpec,
        *,
        request_id: str,
    ) -> str:
        body = ad_group_body(advertiser_id, spec) | {
            "campaign_id": campaign_id,
            "request_id": request_id,
        }
        data = await self._call("POST", "/adgroup/create/", token, body=body, create=True)
        return str(data["adgroup_id"])

    async def create_ad(
        self, token: Secret, advertiser_id: str, adgroup_id: str, spec: AdSpec
    ) -> str:
        body = {
            "advertiser_id": advertiser_id,
            "adgroup_id": adgroup_id,
            "creatives": [ad_body(spec)],
        }
        data = await self._call("POST", "/ad/create/", token, body=body, create=True)
        return str(data["ad_ids"][0])

    async def update(
        self, token: Secret, advertiser_id: str, kind: ObjectKind, tiktok_id: str, spec: Spec
    ) -> None:
        if isinstance(spec, CampaignSpec):
            body = campaign_body(advertiser_id, spec) | {"campaign_id": tiktok_id}
            body.pop("objective_type", None)  # fixed at create
        elif isinstance(spec, AdGroupSpec):
            body = ad_group_body(advertiser_id, spec) | {"adgroup_id": tiktok_id}
        else:
            body = {
                "advertiser_id": advertiser_id,
                "creatives": [ad_body(spec) | {"ad_id": tiktok_id}],
            }
        await self._call("POST", f"/{PATH[kind]}/update/", token, body=body)

    async def get_objects(
        self,
        token: Secret,
        advertiser_id: str,
        kind: ObjectKind,
        *,
        tiktok_ids: Sequence[str] = (),
        parent_id: str | None = None,
    ) -> Sequence[RemoteObject]:
        filtering: dict[str, Any] = {}
        if tiktok_ids:
            filtering[f"{PATH[kind]}_ids"] = list(tiktok_ids)
        if parent_id is not None:
            filtering["adgroup_ids" if kind is ObjectKind.AD else "campaign_ids"] = [parent_id]
        found: list[RemoteObject] = []
        page = 1
        while True:
            params = {
                "advertiser_id": advertiser_id,
                "page": str(page),
                "page_size": str(PAGE_SIZE),
            }
            if filtering:
                params["filtering"] = json.dumps(filtering)
            data = await self._call("GET", f"/{PATH[kind]}/get/", token, params=params, read=True)
            found += [remote_object(kind, row) for row in data.get("list") or ()]
            info = data.get("page_info") or {}
            if page >= int(info.get("total_page") or 1):
                return found
            page += 1

    async def set_status(
        self,
        token: Secret,
        advertiser_id: str,
        kind: ObjectKind,
        tiktok_ids: Sequence[str],
        status: OperationStatus,
    ) -> None:
        body = {
            "advertiser_id": advertiser_id,
            f"{PATH[kind]}_ids": list(tiktok_ids),
            "operation_status": status.value,
        }
        await self._call("POST", f"/{PATH[kind]}/status/update/", token, body=body)

    # ---- creatives ---------------------------------------------------------------------

    async def upload_video(
        self,
        token: Secret,
        advertiser_id: str,
        *,
        source: ByteSource,
        size: int,
        signature: str,
        file_name: str,
    ) -> str:
        fields = {"advertiser_id": advertiser_id, "upload_type": "UPLOAD_BY_FILE",
                  "video_signature": signature, "file_name": file_name}  # fmt: skip
        data = await self._multipart(
            "/file/video/ad/upload/", token, fields, ("video_file", file_name, source)
        )
        rows = data if isinstance(data, list) else data.get("list") or [data]
        return str(rows[0]["video_id"])

    async def upload_video_by_url(
        self, token: Secret, advertiser_id: str, *, url: str, file_name: str
    ) -> str:
        fields = {"advertiser_id": advertiser_id, "upload_type": "UPLOAD_BY_URL", "video_url": url,
                  "file_name": file_name}  # fmt: skip
        data = await self._multipart("/file/video/ad/upload/", token, fields, None)
        rows = data if isinstance(data, list) else data.get("list") or [data]
        return str(rows[0]["video_id"])

    async def video_info(self, token: Secret, advertiser_id: str, video_id: str) -> VideoInfo:
        params = {"advertiser_id": advertiser_id, "video_ids": json.dumps([video_id])}
        data = await self._call("GET", "/file/video/ad/info/", token, params=params, read=True)
        row = (data.get("list") or [{}])[0]
        return VideoInfo(video_id, bool(row.get("displayable")), row.get("signature"))

    async def upload_image(
        self,
        token: Secret,
        advertiser_id: str,
        *,
        source: ByteSource,
        size: int,
        signature: str,
        file_name: str,
    ) -> str:
        fields = {"advertiser_id": advertiser_id, "upload_type": "UPLOAD_BY_FILE",
                  "image_signature": signature, "file_name": file_name}  # fmt: skip
        data = await self._multipart(
            "/file/image/ad/upload/", token, fields, ("image_file", file_name, source)
        )
        return str(data["image_id"])

    # ---- reports -----------------------------------------------------------------------

    async def report(
        self, token: Secret, advertiser_id: str, level: ObjectKind, day: date
    ) -> Sequence[tuple[str, AdMetrics]]:
        id_dim = ID_DIMENSION[level]
        rows: list[tuple[str, AdMetrics]] = []
        page = 1
        while True:
            params = {
                "advertiser_id": advertiser_id,
                "report_type": "BASIC",
                "data_level": DATA_LEVEL[level],
                "dimensions": json.dumps([id_dim, "stat_time_day"]),
                "metrics": json.dumps(list(METRICS)),
                "start_date": day.isoformat(),
                "end_date": day.isoformat(),
                "page": str(page),
                "page_size": str(PAGE_SIZE),
            }
            data = await self._call(
                "GET", "/report/integrated/get/", token, params=params, read=True
            )
            for row in data.get("list") or ():
                rows.append(
                    (
                        str(row["dimensions"][id_dim]),
                        AdMetrics.from_strings(row.get("metrics") or {}),
                    )
                )
            info = data.get("page_info") or {}
            if page >= int(info.get("total_page") or 1):
                return rows
            page += 1

    # ---- audiences ---------------------------------------------------------------------

    async def upload_audience_file(
        self,
        token: Secret,
        advertiser_id: str,
        *,
        calculate_type: str,
        source: ByteSource,
        size: int,
        signature: str,
        file_name: str,
    ) -> str:
        fields = {"advertiser_id": advertiser_id, "calculate_type": calculate_type,
                  "file_signature": signature, "file_name": file_name}  # fmt: skip
        data = await self._multipart(
            "/dmp/custom_audience/file/upload/", token, fields, ("file", file_name, source)
        )
        return str(data["file_path"])

    async def create_audience(
        self,
        token: Secret,
        advertiser_id: str,
        *,
        name: str,
        calculate_type: str,
        file_paths: Sequence[str],
    ) -> str:
        body = {"advertiser_id": advertiser_id, "custom_audience_name": name,
                "calculate_type": calculate_type, "file_paths": list(file_paths)}  # fmt: skip
        data = await self._call("POST", "/dmp/custom_audience/create/", token, body=body)
        return str(data["custom_audience_id"])

    async def append_audience(
        self,
        token: Secret,
        advertiser_id: str,
        audience_id: str,
        *,
        calculate_type: str,
        file_paths: Sequence[str],
    ) -> None:
        body = {"advertiser_id": advertiser_id, "custom_audience_id": audience_id,
                "calculate_type": calculate_type, "file_paths": list(file_paths), "action": "APPEND"}  # fmt: skip
        await self._call("POST", "/dmp/custom_audience/update/", token, body=body)

    async def audiences(
        self, token: Secret, advertiser_id: str, audience_ids: Sequence[str] = ()
    ) -> Sequence[RemoteAudience]:
        params = {"advertiser_id": advertiser_id}
        if audience_ids:
            params["custom_audience_ids"] = json.dumps(list(audience_ids))
        data = await self._call(
            "GET", "/dmp/custom_audience/list/", token, params=params, read=True
        )
        return [
            RemoteAudience(
                str(a["custom_audience_id"]),
                str(a.get("name", "")),
                None if a.get("cover_num") is None else int(a["cover_num"]),
                bool(a.get("is_valid")),
            )
            for a in data.get("list") or ()
        ]

    async def delete_audiences(
        self, token: Secret, advertiser_id: str, audience_ids: Sequence[str]
    ) -> None:
        body = {"advertiser_id": advertiser_id, "custom_audience_ids": list(audience_ids)}
        await self._call("POST", "/dmp/custom_audience/delete/", token, body=body)

    async def create_lookalike(
        self,
        token: Secret,
        advertiser_id: str,
        *,
        source_audience_id: str,
        name: str,
        location_ids: Sequence[str],
    ) -> str:
        body = {"advertiser_id": advertiser_id, "custom_audience_name": name,
                "source_audience_id": source_audience_id,
                "lookalike_spec": {"location_ids": list(location_ids), "audience_size": "NARROW"}}  # fmt: skip
        data = await self._call("POST", "/dmp/custom_audience/lookalike/create/", token, body=body)
        return str(data["custom_audience_id"])

    async def subscribe(
        self, token: Secret, *, entity: str, advertiser_id: str, object_id: str, callback_url: str
    ) -> str:
        id_field = "ad_id" if entity == "AD" else "adgroup_id"
        body = self._app() | {
            "subscribe_entity": entity,
            "callback_url": callback_url,
            "subscription_detail": {"access_token": token.reveal(), "advertiser_id": advertiser_id,
                                    id_field: object_id},
        }  # fmt: skip
        data = await self._call("POST", "/subscription/subscribe/", None, body=body)
        return str(data["subscription_id"])

    # ---- transport ---------------------------------------------------------------------

    async def _multipart(
        self,
        path: str,
        token: Secret,
        fields: dict[str, str],
        file: tuple[str, str, ByteSource] | None,
    ) -> dict[str, Any]:
        def form() -> aiohttp.MultipartWriter:
            writer = aiohttp.MultipartWriter("form-data")
            for name, value in fields.items():
                part = writer.append(value)
                part.set_content_disposition("form-data", name=name)
            if file is not None:
                name, file_name, source = file
                part = writer.append(_stream(source), {"Content-Type": "application/octet-stream"})
                part.set_content_disposition("form-data", name=name, filename=file_name)
            return writer

        return await self._call(
            "POST", path, token, form=form, advertiser_id=fields.get("advertiser_id")
        )

    async def _call(
        self,
        method: str,
        path: str,
        token: Secret | None,
        *,
        body: dict[str, Any] | None = None,
        params: dict[str, str] | None = None,
        form: Any = None,
        read: bool = False,
        create: bool = False,
        advertiser_id: str | None = None,
    ) -> dict[str, Any]:
        """One call: windows, timeout, rate-limit retries, read retries, error mapping."""
        url = f"{self.config.api_base}{PREFIX}{path}"
        tiktok_calls.note(path)  # one call for the run's line, however many attempts
        headers = {"Access-Token": token.reveal()} if token is not None else {}
        advertiser = advertiser_id or str(
            (body or {}).get("advertiser_id") or (params or {}).get("advertiser_id") or ""
        )
        self.per_minute.limits.setdefault(path, self.config.qpm.get(path, self.config.default_qpm))
        self.per_second.limits.setdefault(path, self.config.qps)
        limited = failures = 0
        while True:
            try:
                minute = await self.per_minute.acquire("app", path, self.config.request_timeout_s)
                second = await self.per_second.acquire(advertiser or "app", path, 5.0)
            except WindowFull as full:
                raise client_error(
                    "rate_window_full", f"{path}: {full}", retry_after_s=full.wait_s
                ) from None
            try:
                self.calls += 1
                timeout = (
                    self.config.upload_timeout_s
                    if form is not None
                    else self.config.request_timeout_s
                )
                async with self.session.request(
                    method,
                    url,
                    json=body,
                    params=params,
                    data=form() if form is not None else None,
                    headers=headers,
                    timeout=aiohttp.ClientTimeout(
                        total=timeout, connect=self.config.connect_timeout_s
                    ),
                ) as response:
                    status, text = response.status, await response.text()
            except (TimeoutError, aiohttp.ClientError) as exc:
                if create:  # TikTok may have acted: the caller decides what a retry means
                    raise client_error(
                        "ads_create_outcome_unknown", f"{path}: {type(exc).__name__}"
                    ) from None
                failures += 1
                if read and failures < self.config.read_attempts:
                    await asyncio.sleep(self._backoff(failures))
                    continue
                code = "timeout" if isinstance(exc, TimeoutError) else "network_error"
                raise client_error(code, f"{path}: {type(exc).__name__}: {exc}") from None
            finally:
                await self.per_minute.done(minute)
                await self.per_second.done(second)
            payload = _json(text)
            if payload is None or status != 200:
                error = gateway_error(status, text)
                failures += 1
                if read and status >= 500 and failures < self.config.read_attempts:
                    await asyncio.sleep(self._backoff(failures))
                    continue
                if create and status >= 500:
                    raise client_error(
                        "ads_create_outcome_unknown", f"{path}: HTTP {status}"
                    ) from None
                raise error
            code = str(payload.get("code", ""))
            if code == "0":
                data = payload.get("data")
                return data if isinstance(data, dict) else {"list": data}
            error = TikTokApiError(
                classify(ErrorSource.MARKETING, code, log_id=payload.get("request_id"),
                         detail=str(payload.get("message") or "")),
                http_status=status,
            )  # fmt: skip
            if code in RATE_CODES and limited < self.config.max_rate_retries:
                limited += 1
                if code == "40133":  # per second: the next second is free
                    await self.per_second.penalize(advertiser or "app", path)
                await asyncio.sleep(1.0 if code == "40133" else self._backoff(limited) * 2)
                continue
            if (
                read
                and error.error.category is Category.TRANSIENT
                and failures + 1 < self.config.read_attempts
            ):
                failures += 1
                await asyncio.sleep(self._backoff(failures))
                continue
            raise error

    def _backoff(self, attempt: int) -> float:
        return min(self.config.backoff_cap_s, self.config.backoff_base_s * 2.0 ** (attempt - 1))


async def _stream(source: ByteSource) -> AsyncIterator[bytes]:
    async for block in source():
        yield block


def _json(text: str) -> dict[str, Any] | None:
    try:
        value = json.loads(text)
    except ValueError:
        return None
    return value if isinstance(value, dict) else None
