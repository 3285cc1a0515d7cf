"""Settings of the Accounts API emulation; unconfirmed facts are settings (docs/sandbox.md)."""

from __future__ import annotations

import secrets
from datetime import timedelta

import attrs

DEFAULT_APP_ID = "7300000000000000001"


@attrs.define
class AccountSeed:
    """A TikTok account the Accounts API knows."""

    username: str
    display_name: str = ""
    business_id: str = ""  # the open_id the token endpoint returns
    is_business_account: bool = True
    followers: int = 2400
    history_days: int = 70  # videos published over this many days before now
    videos_per_week: int = 4
    seed_comments: int = 0  # comments per video made at seeding

    def __attrs_post_init__(self) -> None:
        self.display_name = self.display_name or self.username.replace("_", " ").title()
        self.business_id = self.business_id or f"-000{abs(hash_of(self.username)) % 10**12:012d}"


def hash_of(text: str) -> int:
    """A hash stable across processes (Python's str hash is salted)."""
    value = 0
    for char in text.encode():
        value = (value * 131 + char) % (2**61 - 1)
    return value


def default_accounts() -> list[AccountSeed]:
    return [
        AccountSeed("sandbox_business", "Sandbox Business"),
        AccountSeed("sandbox_small", followers=60),  # under 100: no demographics
        AccountSeed("sandbox_personal", is_business_account=False, followers=900),
    ]


@attrs.define
class BusinessFaults:
    error_rate: float = 0.0  # probability of code 51000 (HTTP 200) on /business/* calls
    burst_40100: int = 0  # the next N /business/* calls answer 40100
    lose_next_reply_answers: int = 0  # the reply is posted, then the line drops
    short_page_rate: float = 0.1  # listings may return fewer items with has_more true


@attrs.define
class BusinessSettings:
    app_id: str = DEFAULT_APP_ID
    secret: str = attrs.field(factory=lambda: secrets.token_urlsafe(24), repr=False)
    accounts: list[AccountSeed] = attrs.Factory(default_accounts)
    auto_approve: bool = True
    code_lifetime: timedelta = timedelta(minutes=10)  # conflict: 10 min vs 1 h
    access_lifetime: timedelta = timedelta(hours=24)
    refresh_lifetime: timedelta = timedelta(days=365)  # counts down, not reset on refresh
    account_qpm: int = 40  # per account and endpoint
    app_qpm: int = 600  # all Accounts API endpoints of the app
    rate_window_s: float = 60.0
    metric_lag_days: int = 2  # business/get metrics stop this many days before today
    inactive_after_days: int = 7  # emptiable fields go null after so long without activity
    reply_max_chars: int = 150  # conflict: 150 vs 1,200
    overlap_after: int = 500  # comment pages past this overlap (duplicates)
    webhook_url: str | None = None
    webhook_delay_s: float = 0.0  # deliveries wait up to this long (random)
    webhook_duplicate_rate: float = 0.0  # probability of a delivery sent twice
    webhook_retry_base: float = 0.5
    webhook_max_attempts: int = 6
    seed: int = 20261122
    faults: BusinessFaults = attrs.Factory(BusinessFaults)
