"""A campaign's totals over several days: sums, and ratios worked out again from them."""

from __future__ import annotations

from decimal import Decimal

from domain.ads.reports import AdMetrics


def test_totals_add_counts_and_work_ratios_out_from_the_sums() -> None:
    days = [
        AdMetrics(spend=Decimal("10.00"), impressions=1000, clicks=10, ctr=Decimal("1.00"),
                  reach=800, video_play_actions=100, average_video_play=Decimal("4.00")),
        AdMetrics(spend=Decimal("30.00"), impressions=3000, clicks=90, ctr=Decimal("3.00"),
                  reach=2500, video_play_actions=300, average_video_play=Decimal("2.00")),
    ]  # fmt: skip
    total = AdMetrics.total(days)
    assert (total.spend, total.impressions, total.clicks) == (Decimal("40.00"), 4000, 100)
    assert total.ctr == Decimal("2.50")  # 100 / 4000, not the mean of 1 % and 3 %
    assert total.cpc == Decimal("0.40") and total.cpm == Decimal("10.00")
    assert total.average_video_play == Decimal("2.50")  # weighted by plays
    assert total.reach == 2500  # the largest day's: people are not counted twice


def test_no_days_total_zero() -> None:
    total = AdMetrics.total([])
    assert total.spend == Decimal(0) and total.ctr == Decimal("0.00") and total.impressions == 0
