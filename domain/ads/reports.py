"""Daily report figures per campaign, ad group or ad, as TikTok's integrated report gives them.

Money and ratios are Decimals parsed from TikTok's strings, so what we store equals what
TikTok sent to the cent; counts are ints.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import attrs

from domain.ads.model import ObjectKind

METRICS = (
    "spend", "impressions", "clicks", "ctr", "cpc", "cpm", "reach", "conversion",
    "video_play_actions", "video_watched_2s", "video_watched_6s", "video_views_p25",
    "video_views_p50", "video_views_p75", "video_views_p100", "average_video_play",
)  # fmt: skip
DECIMAL_METRICS = frozenset({"spend", "ctr", "cpc", "cpm", "average_video_play"})
DATA_LEVEL = {
    ObjectKind.CAMPAIGN: "AUCTION_CAMPAIGN",
    ObjectKind.AD_GROUP: "AUCTION_ADGROUP",
    ObjectKind.AD: "AUCTION_AD",
}
ID_DIMENSION = {
    ObjectKind.CAMPAIGN: "campaign_id",
    ObjectKind.AD_GROUP: "adgroup_id",
    ObjectKind.AD: "ad_id",
}


@attrs.frozen
class AdMetrics:
    spend: Decimal = Decimal(0)
    impressions: int = 0
    clicks: int = 0
    ctr: Decimal = Decimal(0)
    cpc: Decimal = Decimal(0)
    cpm: Decimal = Decimal(0)
    reach: int = 0
    conversion: int = 0
    video_play_actions: int = 0
    video_watched_2s: int = 0
    video_watched_6s: int = 0
    video_views_p25: int = 0
    video_views_p50: int = 0
    video_views_p75: int = 0
    video_views_p100: int = 0
    average_video_play: Decimal = Decimal(0)

    @classmethod
    def from_strings(cls, values: dict[str, object]) -> AdMetrics:
        """From TikTok's metric map (numbers arrive as strings); missing ones are 0."""
        kwargs: dict[str, object] = {}
        for name in METRICS:
            raw = values.get(name)
            if raw in (None, "", "-"):
                continue
            kwargs[name] = Decimal(str(raw)) if name in DECIMAL_METRICS else int(Decimal(str(raw)))
        return cls(**kwargs)  # type: ignore[arg-type]

    def as_strings(self) -> dict[str, str]:
        return {name: str(getattr(self, name)) for name in METRICS}


@attrs.frozen
class ReportRow:
    """One object's figures for one day (the advertiser's time zone, as TikTok reports)."""

    organisation_id: str
    account_id: str
    level: ObjectKind
    tiktok_id: str  # campaign_id, adgroup_id or ad_id
    day: date
    metrics: AdMetrics
    synced_at: datetime
