"""Ports of the ads area: TikTok's Marketing API, the ads unit of work, a hashed-file spool.

The ads area has its own unit of work (its own tables), so it never widens the posting
one; both open transactions on the same database.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Sequence
from datetime import date, datetime
from types import TracebackType
from typing import Protocol, Self

import attrs

from application.ports.outgoing import Outbox
from domain.ads.account import AdAccount
from domain.ads.custom_audience import CustomAudience
from domain.ads.model import (
    AdGroupSpec,
    AdObject,
    AdSpec,
    CampaignSpec,
    CreativeAsset,
    ObjectKind,
    OperationStatus,
    Spec,
)
from domain.ads.reports import AdMetrics, ReportRow
from domain.secret import Secret

ByteSource = Callable[[], AsyncIterator[bytes]]  # can be read again (a retry, a second pass)


@attrs.frozen
class MarketingGrant:
    access_token: Secret
    advertiser_ids: tuple[str, ...]


@attrs.frozen
class Advertiser:
    advertiser_id: str
    name: str
    currency: str = "USD"
    timezone: str = "UTC"


@attrs.frozen
class RemoteObject:
    """A campaign, ad group or ad as TikTok's get call returns it."""

    kind: ObjectKind
    tiktok_id: str
    name: str
    operation_status: str
    parent_tiktok_id: str | None = None
    secondary_status: str | None = None
    reject_reasons: tuple[str, ...] = ()


@attrs.frozen
class VideoInfo:
    video_id: str
    processed: bool
    signature: str | None = None


@attrs.frozen
class RemoteAudience:
    audience_id: str
    name: str
    matched: int | None = None  # None while TikTok is still calculating
    is_valid: bool = False


class MarketingApi(Protocol):
    async def exchange_auth_code(self, auth_code: str) -> MarketingGrant: ...

    async def advertisers(self, token: Secret) -> Sequence[Advertiser]: ...

    async def revoke(self, token: Secret) -> None: ...

    async def create_campaign(
        self, token: Secret, advertiser_id: str, spec: CampaignSpec, *, request_id: str
    ) -> str:
        """The campaign id; the same ``request_id`` again returns the first campaign's id."""
        ...

    async def create_ad_group(
        self,
        token: Secret,
        advertiser_id: str,
        campaign_id: str,
        spec: AdGroupSpec,
        *,
        request_id: str,
    ) -> str: ...

    async def create_ad(
        self, token: Secret, advertiser_id: str, adgroup_id: str, spec: AdSpec
    ) -> str:
        """Not idempotent: re-sending creates a second ad (reconcile by listing first)."""
        ...

    async def update(
        self, token: Secret, advertiser_id: str, kind: ObjectKind, tiktok_id: str, spec: Spec
    ) -> None: ...

    async def get_objects(
        self,
        token: Secret,
        advertiser_id: str,
        kind: ObjectKind,
        *,
        tiktok_ids: Sequence[str] = (),
        parent_id: str | None = None,
    ) -> Sequence[RemoteObject]: ...

    async def set_status(
        self,
        token: Secret,
        advertiser_id: str,
        kind: ObjectKind,
        tiktok_ids: Sequence[str],
        status: OperationStatus,
    ) -> None: ...

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
        """Multipart, streamed from ``source``; returns the video id."""
        ...

    async def upload_video_by_url(
        self, token: Secret, advertiser_id: str, *, url: str, file_name: str
    ) -> str: ...

    async def video_info(self, token: Secret, advertiser_id: str, video_id: str) -> VideoInfo: ...

    async def upload_image(
        self,
        token: Secret,
        advertiser_id: str,
        *,
        source: ByteSource,
        size: int,
        signature: str,
        file_name: str,
    ) -> str: ...

    async def report(
        self, token: Secret, advertiser_id: str, level: ObjectKind, day: date
    ) -> Sequence[tuple[str, AdMetrics]]:
        """Synchronous integrated report (BASIC), one row per object id for the day."""
        ...

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
        """Returns TikTok's file path for the create/update calls."""
        ...

    async def create_audience(
        self,
        token: Secret,
        advertiser_id: str,
        *,
        name: str,
        calculate_type: str,
        file_paths: Sequence[str],
    ) -> str: ...

    async def append_audience(
        self,
        token: Secret,
        advertiser_id: str,
        audience_id: str,
        *,
        calculate_type: str,
        file_paths: Sequence[str],
    ) -> None: ...

    async def audiences(
        self, token: Secret, advertiser_id: str, audience_ids: Sequence[str] = ()
    ) -> Sequence[RemoteAudience]: ...

    async def delete_audiences(
        self, token: Secret, advertiser_id: str, audience_ids: Sequence[str]
    ) -> None: ...

    async def create_lookalike(
        self,
        token: Secret,
        advertiser_id: str,
        *,
        source_audience_id: str,
        name: str,
        location_ids: Sequence[str],
    ) -> str: ...

    async def subscribe(
        self, token: Secret, *, entity: str, advertiser_id: str, object_id: str, callback_url: str
    ) -> str:
        """Subscription API (``AD`` or ``AD_GROUP`` review status); the subscription id."""
        ...


class AdAccountRepository(Protocol):
    async def add(self, account: AdAccount) -> AdAccount: ...

    async def get(self, account_id: str) -> AdAccount:
        """Raises NotFound."""
        ...

    async def save(self, account: AdAccount) -> AdAccount:
        """Raises Conflict when the stored version moved on."""
        ...

    async def list(self, organisation_id: str) -> Sequence[AdAccount]: ...

    async def find(self, organisation_id: str, advertiser_id: str) -> AdAccount | None: ...

    async def connected(self) -> Sequence[AdAccount]:
        """Every organisation's usable accounts (for the workers' rounds), oldest first."""
        ...

    async def by_advertiser(self, advertiser_id: str) -> Sequence[AdAccount]:
        """Every organisation's account for a TikTok advertiser (events name only that)."""
        ...


class AdObjectRepository(Protocol):
    async def add(self, obj: AdObject) -> AdObject: ...

    async def get(self, object_id: str) -> AdObject:
        """Raises NotFound."""
        ...

    async def save(self, obj: AdObject) -> AdObject: ...

    async def list(
        self, account_id: str, kind: ObjectKind, *, parent_id: str | None = None
    ) -> Sequence[AdObject]:
        """Oldest first."""
        ...

    async def find_by_tiktok_id(self, advertiser_id: str, tiktok_id: str) -> Sequence[AdObject]:
        """Every organisation's object with that TikTok id (events carry no organisation)."""
        ...

    async def unsent_or_unanswered(self, account_id: str) -> Sequence[AdObject]:
        """Objects without a TikTok id yet (a create may be in flight or lost)."""
        ...


class CreativeRepository(Protocol):
    async def add(self, asset: CreativeAsset) -> CreativeAsset: ...

    async def get(self, asset_id: str) -> CreativeAsset: ...

    async def save(self, asset: CreativeAsset) -> CreativeAsset: ...

    async def list(self, account_id: str) -> Sequence[CreativeAsset]: ...


class AdReportRepository(Protocol):
    async def upsert(self, rows: Sequence[ReportRow]) -> None:
        """One row per (account, level, object, day): a later sync replaces the figures."""
        ...

    async def list(
        self,
        account_id: str,
        level: ObjectKind,
        *,
        start: date,
        end: date,
        tiktok_id: str | None = None,
    ) -> Sequence[ReportRow]:
        """Ordered by day, then object id."""
        ...


class AudienceRepository(Protocol):
    async def add(self, audience: CustomAudience) -> CustomAudience: ...

    async def get(self, audience_id: str) -> CustomAudience: ...

    async def save(self, audience: CustomAudience) -> CustomAudience: ...

    async def list(self, account_id: str) -> Sequence[CustomAudience]: ...


class AdEventLog(Protocol):
    async def record(self, key: str, *, received_at: datetime) -> bool:
        """True the first time a key is seen; False for a duplicate delivery."""
        ...


class AdsUnitOfWork(Protocol):
    """The ads repositories of one transaction, read-only properties as in ``UnitOfWork``."""

    @property
    def ad_accounts(self) -> AdAccountRepository: ...
    @property
    def ad_objects(self) -> AdObjectRepository: ...
    @property
    def creatives(self) -> CreativeRepository: ...
    @property
    def ad_reports(self) -> AdReportRepository: ...
    @property
    def audiences(self) -> AudienceRepository: ...
    @property
    def ad_events(self) -> AdEventLog: ...
    @property
    def outbox(self) -> Outbox: ...  # outgoing events, same transaction (ADR 0020)

    async def __aenter__(self) -> Self: ...

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None: ...

    async def commit(self) -> None: ...

    async def rollback(self) -> None: ...


AdsUnitOfWorkFactory = Callable[[], AdsUnitOfWork]


class HashedSpool(Protocol):
    """Scratch space for a hashed customer file: written once, read back for the upload."""

    def write(self, data: bytes) -> None: ...

    @property
    def size(self) -> int: ...

    def chunks(self) -> AsyncIterator[bytes]: ...

    def close(self) -> None: ...


SpoolFactory = Callable[[], HashedSpool]
