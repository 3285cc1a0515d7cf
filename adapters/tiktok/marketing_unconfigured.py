"""The Marketing API when no app is configured: every call says how to configure one.
Explicit methods, one per ``MarketingApi`` call (mypy checks it satisfies it)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from application.errors import Conflict
from application.ports.ads import (
    Advertiser,
    ByteSource,
    MarketingApi,
    MarketingGrant,
    RemoteAudience,
    RemoteObject,
    VideoInfo,
)
from domain.ads.model import AdGroupSpec, AdSpec, CampaignSpec, ObjectKind, OperationStatus, Spec
from domain.ads.reports import AdMetrics
from domain.secret import Secret

MESSAGE = (
    "the TikTok Marketing API is not configured: set TIKTOK_ADS_APP_ID and TIKTOK_ADS_SECRET "
    "(and TIKTOK_ADS_API_BASE for the sandbox)"
)


class AdsNotConfigured(Conflict):
    """This service has no Marketing API app: a 409 that says how to configure one."""


class UnconfiguredMarketing:
    """Satisfies MarketingApi; raises on use, so reads of our own records still work."""

    async def exchange_auth_code(self, auth_code: str) -> MarketingGrant:
        raise AdsNotConfigured(MESSAGE)

    async def advertisers(self, token: Secret) -> Sequence[Advertiser]:
        raise AdsNotConfigured(MESSAGE)

    async def revoke(self, token: Secret) -> None:
        raise AdsNotConfigured(MESSAGE)

    async def create_campaign(
        self, token: Secret, advertiser_id: str, spec: CampaignSpec, *, request_id: str
    ) -> str:
        raise AdsNotConfigured(MESSAGE)

    async def create_ad_group(
        self,
        token: Secret,
        advertiser_id: str,
        campaign_id: str,
        spec: AdGroupSpec,
        *,
        request_id: str,
    ) -> str:
        raise AdsNotConfigured(MESSAGE)

    async def create_ad(
        self, token: Secret, advertiser_id: str, adgroup_id: str, spec: AdSpec
    ) -> str:
        raise AdsNotConfigured(MESSAGE)

    async def update(
        self, token: Secret, advertiser_id: str, kind: ObjectKind, tiktok_id: str, spec: Spec
    ) -> None:
        raise AdsNotConfigured(MESSAGE)

    async def get_objects(
        self,
        token: Secret,
        advertiser_id: str,
        kind: ObjectKind,
        *,
        tiktok_ids: Sequence[str] = (),
        parent_id: str | None = None,
    ) -> Sequence[RemoteObject]:
        raise AdsNotConfigured(MESSAGE)

    async def set_status(
        self,
        token: Secret,
        advertiser_id: str,
        kind: ObjectKind,
        tiktok_ids: Sequence[str],
        status: OperationStatus,
    ) -> None:
        raise AdsNotConfigured(MESSAGE)

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
        raise AdsNotConfigured(MESSAGE)

    async def upload_video_by_url(
        self, token: Secret, advertiser_id: str, *, url: str, file_name: str
    ) -> str:
        raise AdsNotConfigured(MESSAGE)

    async def video_info(self, token: Secret, advertiser_id: str, video_id: str) -> VideoInfo:
        raise AdsNotConfigured(MESSAGE)

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
        raise AdsNotConfigured(MESSAGE)

    async def report(
        self, token: Secret, advertiser_id: str, level: ObjectKind, day: date
    ) -> Sequence[tuple[str, AdMetrics]]:
        raise AdsNotConfigured(MESSAGE)

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
        raise AdsNotConfigured(MESSAGE)

    async def create_audience(
        self,
        token: Secret,
        advertiser_id: str,
        *,
        name: str,
        calculate_type: str,
        file_paths: Sequence[str],
    ) -> str:
        raise AdsNotConfigured(MESSAGE)

    async def append_audience(
        self,
        token: Secret,
        advertiser_id: str,
        audience_id: str,
        *,
        calculate_type: str,
        file_paths: Sequence[str],
    ) -> None:
        raise AdsNotConfigured(MESSAGE)

    async def audiences(
        self, token: Secret, advertiser_id: str, audience_ids: Sequence[str] = ()
    ) -> Sequence[RemoteAudience]:
        raise AdsNotConfigured(MESSAGE)

    async def delete_audiences(
        self, token: Secret, advertiser_id: str, audience_ids: Sequence[str]
    ) -> None:
        raise AdsNotConfigured(MESSAGE)

    async def create_lookalike(
        self,
        token: Secret,
        advertiser_id: str,
        *,
        source_audience_id: str,
        name: str,
        location_ids: Sequence[str],
    ) -> str:
        raise AdsNotConfigured(MESSAGE)

    async def subscribe(
        self, token: Secret, *, entity: str, advertiser_id: str, object_id: str, callback_url: str
    ) -> str:
        raise AdsNotConfigured(MESSAGE)


_: type[MarketingApi] = UnconfiguredMarketing  # mypy: it satisfies the port
