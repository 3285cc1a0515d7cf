"""Response shapes of /v1/ads: the public API's own classes (money as decimal strings,
exact; tokens never appear). The OpenAPI document is generated from them."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

import attrs

from domain.ads.account import AccountStatus
from domain.ads.audience import IdentifierKind
from domain.ads.custom_audience import AudienceStatus
from domain.ads.model import (
    AdFormat,
    BillingEvent,
    BudgetMode,
    IdentityType,
    Objective,
    ObjectKind,
    OperationStatus,
    OptimizationGoal,
    Pacing,
    ReviewStatus,
    ScheduleType,
)

Money = str  # a decimal string such as "50.00", exact


@attrs.frozen
class AdAccountOut:
    id: str
    advertiser_id: str
    name: str
    currency: str
    timezone: str
    status: AccountStatus
    connected_at: datetime
    revoked_at: datetime | None
    revoke_reason: str | None


@attrs.frozen
class AdAccountList:
    items: list[AdAccountOut]


@attrs.frozen
class BudgetOut:
    mode: BudgetMode
    amount: Money | None


@attrs.frozen
class ScheduleOut:
    type: ScheduleType
    start: datetime
    end: datetime | None


@attrs.frozen
class CampaignSpecOut:
    name: str
    objective: Objective
    budget: BudgetOut


@attrs.frozen
class AdGroupSpecOut:
    name: str
    budget: BudgetOut
    schedule: ScheduleOut
    optimization_goal: OptimizationGoal
    billing_event: BillingEvent
    pacing: Pacing
    location_ids: list[str]
    audience_ids: list[str]
    bid_price: Money | None


@attrs.frozen
class AdSpecOut:
    name: str
    ad_format: AdFormat
    ad_text: str
    identity_type: IdentityType
    identity_id: str
    call_to_action: str | None
    landing_page_url: str | None
    display_name: str | None
    video_id: str | None
    image_ids: list[str]
    tiktok_item_id: str | None
    identity_authorized_bc_id: str | None
    post_id: str | None  # the post of ours a Spark Ad promotes


@attrs.frozen
class ReviewOut:
    status: ReviewStatus
    reasons: list[str]
    at: datetime | None


@attrs.frozen
class AdObjectOut:
    """A campaign, ad group or ad; ``spec`` is the kind's own settings."""

    id: str
    kind: ObjectKind
    account_id: str
    parent_id: str | None
    tiktok_id: str | None
    status: OperationStatus
    state: Literal["new", "sending", "created"]  # created: TikTok has it
    review: ReviewOut
    spec: CampaignSpecOut | AdGroupSpecOut | AdSpecOut
    created_at: datetime
    updated_at: datetime | None


@attrs.frozen
class AdObjectList:
    items: list[AdObjectOut]


@attrs.frozen
class CreativeOut:
    id: str
    kind: str  # video or image
    tiktok_id: str
    signature: str
    size_bytes: int
    source: str
    processed: bool


@attrs.frozen
class PromotedOut:
    campaign: AdObjectOut | None  # null when an existing ad group was given
    ad_group: AdObjectOut | None
    ad: AdObjectOut


@attrs.frozen
class AdMetricsOut:
    """One day's figures; every value a decimal string, as TikTok reports them."""

    spend: Money
    impressions: str
    clicks: str
    ctr: Money
    cpc: Money
    cpm: Money
    reach: str
    conversion: str
    video_play_actions: str
    video_watched_2s: str
    video_watched_6s: str
    video_views_p25: str
    video_views_p50: str
    video_views_p75: str
    video_views_p100: str
    average_video_play: Money


@attrs.frozen
class ReportRowOut:
    level: ObjectKind
    tiktok_id: str
    day: date
    metrics: AdMetricsOut
    synced_at: datetime


@attrs.frozen
class ReportRowList:
    items: list[ReportRowOut]


@attrs.frozen
class AudienceOut:
    id: str
    name: str
    kind: IdentifierKind | None
    tiktok_id: str | None
    identifiers: int
    rejected: int
    files: int
    signatures: list[str]
    lookalike_of: str | None
    status: AudienceStatus
    matched: int | None = None  # in lists: TikTok's matched size (null while calculating)
    ready: bool | None = None  # in lists: TikTok can target it


@attrs.frozen
class AudienceList:
    items: list[AudienceOut]
