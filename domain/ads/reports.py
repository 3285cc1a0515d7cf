"""Daily report figures per campaign, ad group or ad, as TikTok's integrated report gives them.

Money and ratios are Decimals parsed from TikTok's strings, so what we store equals what
TikTok sent to the cent; counts are ints.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal

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

    @classmethod
    def total(cls, days: Iterable[AdMetrics]) -> AdMetrics:
        """Several days' figures as one: counts and spend add up; CTR (%), CPC and CPM are
        worked out again from the sums (an average of daily ratios would be wrong), and
        the average play time is weighted by plays. Reach does not add up across days (the
        same person counts once), so the total shows the largest day's: a floor."""
        rows = list(days)
        summed: dict[str, object] = {
            name: sum((getattr(r, name) for r in rows), Decimal(0) if name == "spend" else 0)
            for name in METRICS
            if name not in RATIOS and name != "reach"
        }
        spend, clicks, impressions = summed["spend"], summed["clicks"], summed["impressions"]
        plays = summed["video_play_actions"]
        assert isinstance(spend, Decimal)
        assert isinstance(clicks, int) and isinstance(impressions, int) and isinstance(plays, int)
        play_time = sum((r.average_video_play * r.video_play_actions for r in rows), Decimal(0))
        return cls(
            **summed,  # type: ignore[arg-type]
            reach=max((r.reach for r in rows), default=0),
            ctr=_ratio(Decimal(clicks) * 100, impressions),
            cpc=_ratio(spend, clicks),
            cpm=_ratio(spend * 1000, impressions),
            average_video_play=_ratio(play_time, plays),
        )


RATIOS = frozenset({"ctr", "cpc", "cpm", "average_video_play"})
CENT = Decimal("0.01")


def _ratio(part: Decimal, whole: int) -> Decimal:
    return (part / whole).quantize(CENT, rounding=ROUND_HALF_UP) if whole else Decimal("0.00")


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
