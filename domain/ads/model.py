"""Campaign, ad group and ad as TikTok keeps them, plus our own bookkeeping.

Each object has an operation status (TikTok's ``operation_status``: enabled, disabled,
deleted; deleted is final) and a review state (in review, approved, rejected with
reasons). ``tiktok_id`` stays None until TikTok's answer to the create call is stored;
campaign and ad-group creates carry a ``request_id`` chosen and stored before the call,
so re-sending after a lost answer returns the same object (see the ads-model ADR).
"""

from __future__ import annotations

import enum
from datetime import date, datetime
from decimal import Decimal

import attrs

from domain.errors import InvalidTransition


class ObjectKind(enum.StrEnum):
    CAMPAIGN = "campaign"
    AD_GROUP = "adgroup"
    AD = "ad"


class Objective(enum.StrEnum):
    REACH = "REACH"
    TRAFFIC = "TRAFFIC"
    VIDEO_VIEWS = "VIDEO_VIEWS"
    LEAD_GENERATION = "LEAD_GENERATION"
    APP_PROMOTION = "APP_PROMOTION"
    ENGAGEMENT = "ENGAGEMENT"
    PRODUCT_SALES = "PRODUCT_SALES"


class BudgetMode(enum.StrEnum):
    DAY = "BUDGET_MODE_DAY"
    TOTAL = "BUDGET_MODE_TOTAL"
    INFINITE = "BUDGET_MODE_INFINITE"
    DYNAMIC_DAILY = "BUDGET_MODE_DYNAMIC_DAILY_BUDGET"


class ScheduleType(enum.StrEnum):
    START_END = "SCHEDULE_START_END"
    FROM_NOW = "SCHEDULE_FROM_NOW"


class OptimizationGoal(enum.StrEnum):
    REACH = "REACH"
    CLICK = "CLICK"
    VIDEO_VIEW = "VIDEO_VIEW"
    ENGAGED_VIEW = "ENGAGED_VIEW"
    LEAD_GENERATION = "LEAD_GENERATION"
    INSTALL = "INSTALL"
    FOLLOWERS = "FOLLOWERS"
    PROFILE_VIEWS = "PROFILE_VIEWS"
    CONVERT = "CONVERT"
    VALUE = "VALUE"


class BillingEvent(enum.StrEnum):
    CPC = "CPC"
    CPM = "CPM"
    CPV = "CPV"
    OCPM = "OCPM"


class Pacing(enum.StrEnum):
    SMOOTH = "PACING_MODE_SMOOTH"
    FAST = "PACING_MODE_FAST"


class OperationStatus(enum.StrEnum):
    ENABLE = "ENABLE"
    DISABLE = "DISABLE"
    DELETE = "DELETE"


class ReviewStatus(enum.StrEnum):
    NOT_SUBMITTED = "not_submitted"  # not created on TikTok yet
    IN_REVIEW = "in_review"
    APPROVED = "approved"
    REJECTED = "rejected"


class IdentityType(enum.StrEnum):
    CUSTOMIZED_USER = "CUSTOMIZED_USER"
    AUTH_CODE = "AUTH_CODE"
    TT_USER = "TT_USER"
    BC_AUTH_TT = "BC_AUTH_TT"


class AdFormat(enum.StrEnum):
    SINGLE_VIDEO = "SINGLE_VIDEO"
    SINGLE_IMAGE = "SINGLE_IMAGE"


SPARK_IDENTITIES = frozenset(
    {IdentityType.AUTH_CODE, IdentityType.TT_USER, IdentityType.BC_AUTH_TT}
)

CALLS_TO_ACTION = frozenset(
    {
        "APPLY_NOW", "BOOK_NOW", "CALL_NOW", "CHECK_AVAILABILITY", "CONTACT_US",
        "DOWNLOAD_NOW", "EXPERIENCE_NOW", "GET_QUOTE", "GET_SHOWTIMES", "GET_TICKETS_NOW",
        "INSTALL_NOW", "INTERESTED", "JOIN_THIS_HASHTAG", "LEARN_MORE", "LISTEN_NOW",
        "ORDER_NOW", "PLAY_GAME", "PREORDER_NOW", "READ_MORE", "SEND_MESSAGE",
        "SHOOT_WITH_THIS_EFFECT", "SHOP_NOW", "SIGN_UP", "SUBSCRIBE", "VIEW_NOW",
        "VIEW_PROFILE", "VIEW_VIDEO_WITH_THIS_EFFECT", "VISIT_STORE", "WATCH_LIVE", "WATCH_NOW",
    }
)  # fmt: skip


@attrs.frozen
class Review:
    status: ReviewStatus = ReviewStatus.NOT_SUBMITTED
    reasons: tuple[str, ...] = ()
    at: datetime | None = None


@attrs.frozen
class Budget:
    mode: BudgetMode
    amount: Decimal | None = None  # None only with BUDGET_MODE_INFINITE


@attrs.frozen
class Schedule:
    type: ScheduleType
    start: datetime
    end: datetime | None = None


@attrs.frozen
class CampaignSpec:
    name: str
    objective: Objective
    budget: Budget


@attrs.frozen
class AdGroupSpec:
    name: str
    budget: Budget
    schedule: Schedule
    optimization_goal: OptimizationGoal
    billing_event: BillingEvent
    pacing: Pacing = Pacing.SMOOTH
    location_ids: tuple[str, ...] = ()
    audience_ids: tuple[str, ...] = ()
    bid_price: Decimal | None = None


@attrs.frozen
class AdSpec:
    name: str
    ad_format: AdFormat
    ad_text: str
    identity_type: IdentityType
    identity_id: str
    call_to_action: str | None = None
    landing_page_url: str | None = None
    display_name: str | None = None
    video_id: str | None = None
    image_ids: tuple[str, ...] = ()
    tiktok_item_id: str | None = None  # Spark Ads: the promoted TikTok post
    identity_authorized_bc_id: str | None = None
    post_id: str | None = None  # our post, when the ad promotes one (not sent to TikTok)

    @property
    def is_spark(self) -> bool:
        return self.tiktok_item_id is not None


Spec = CampaignSpec | AdGroupSpec | AdSpec
_SPEC_KIND: dict[type, ObjectKind] = {
    CampaignSpec: ObjectKind.CAMPAIGN,
    AdGroupSpec: ObjectKind.AD_GROUP,
    AdSpec: ObjectKind.AD,
}


@attrs.frozen
class AdObject:
    """A campaign, ad group or ad (``spec`` says which) in one of our ad accounts."""

    id: str
    organisation_id: str
    account_id: str  # our AdAccount
    advertiser_id: str  # TikTok's
    spec: Spec
    created_at: datetime
    parent_id: str | None = None  # our id of the campaign (ad group) or ad group (ad)
    tiktok_id: str | None = None
    request_id: str | None = None  # campaign and ad-group create de-duplication key
    create_sent_at: datetime | None = None  # a create went out; its answer may be lost
    status: OperationStatus = OperationStatus.ENABLE
    review: Review = Review()
    updated_at: datetime | None = None
    version: int = 0

    @property
    def kind(self) -> ObjectKind:
        return _SPEC_KIND[type(self.spec)]

    @property
    def created_on_tiktok(self) -> bool:
        return self.tiktok_id is not None

    def create_sent(self, *, now: datetime) -> AdObject:
        """Record that a create call is about to go out (stored before the call)."""
        return attrs.evolve(self, create_sent_at=self.create_sent_at or now, updated_at=now)

    def created(self, *, tiktok_id: str, now: datetime) -> AdObject:
        if self.tiktok_id is not None and self.tiktok_id != tiktok_id:
            raise InvalidTransition(self.kind.value, self.tiktok_id, tiktok_id, "record tiktok id")
        review = self.review
        if self.kind is not ObjectKind.CAMPAIGN and review.status is ReviewStatus.NOT_SUBMITTED:
            review = Review(ReviewStatus.IN_REVIEW, (), now)
        return attrs.evolve(self, tiktok_id=tiktok_id, review=review, updated_at=now)

    def with_status(self, status: OperationStatus, *, now: datetime) -> AdObject:
        """Launch (ENABLE), pause (DISABLE) or delete; deleted objects stay deleted."""
        if self.status is OperationStatus.DELETE and status is not OperationStatus.DELETE:
            raise InvalidTransition(self.kind.value, "DELETE", status.value, "change status")
        if self.tiktok_id is None:
            raise InvalidTransition(self.kind.value, "not created", status.value, "change status")
        return attrs.evolve(self, status=status, updated_at=now)

    def with_spec(self, spec: Spec, *, now: datetime) -> AdObject:
        if type(spec) is not type(self.spec):
            raise InvalidTransition(self.kind.value, self.kind.value, "other kind", "update")
        if self.status is OperationStatus.DELETE:
            raise InvalidTransition(self.kind.value, "DELETE", "DELETE", "update")
        review = self.review
        if self.kind is ObjectKind.AD and self.created_on_tiktok:  # an edit goes back to review
            review = Review(ReviewStatus.IN_REVIEW, (), now)
        return attrs.evolve(self, spec=spec, review=review, updated_at=now)

    def reviewed(self, *, approved: bool, reasons: tuple[str, ...], now: datetime) -> AdObject:
        status = ReviewStatus.APPROVED if approved else ReviewStatus.REJECTED
        return attrs.evolve(self, review=Review(status, () if approved else reasons, now))


@attrs.frozen
class CreativeAsset:
    """A video or image uploaded to an advertiser's library."""

    id: str
    organisation_id: str
    account_id: str
    kind: str  # "video" | "image"
    tiktok_id: str
    signature: str  # MD5 hex of the file as sent
    size_bytes: int
    source: str  # object key or URL
    created_at: datetime
    processed: bool = False


def day_of(moment: datetime) -> date:
    return moment.date()
