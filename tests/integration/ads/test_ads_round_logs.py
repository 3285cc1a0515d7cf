"""The ads worker's round, observed as the worker observes it: each ad account is one run
with its own canonical line (its ids, outcome and the Marketing API calls it made), and
no account's ids reach another account's lines or the round's summary."""

from __future__ import annotations

from entrypoints import workers
from tests.integration.ads.conftest import ORG, AdsWorld
from tests.log_lines import LogLines


async def test_each_ad_account_is_one_run(world: AdsWorld, lines: LogLines) -> None:
    accounts = await world.connect()
    assert len(accounts) == 2
    lines.clear()
    done = await workers.observed(world.ads.round)()
    assert done.accounts == 2
    runs = [line for line in lines if line.get("use_case") == "ads_account_round"]
    assert sorted(line["ad_account_id"] for line in runs) == sorted(a.id for a in accounts)
    for line in runs:
        assert line["outcome"] == "ok" and line["organisation_id"] == ORG
        assert line["tiktok_calls"] >= 2  # at least the two days' reports
        assert line["report_rows"] == 0 and line["duration_ms"] >= 0
    for line in lines:
        if line["event"] != "use_case":
            assert "ad_account_id" not in line, line
