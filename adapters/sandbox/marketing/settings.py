"""Marketing-emulator settings. Unconfirmed facts are settings, documented in docs/sandbox.md."""

from __future__ import annotations

import attrs

DEFAULT_APP_ID = "7300000000000000001"
DEFAULT_SECRET = "sandbox-marketing-secret"


@attrs.define
class AdvertiserSeed:
    advertiser_id: str
    name: str
    currency: str = "USD"
    timezone: str = "UTC"


def default_advertisers() -> list[AdvertiserSeed]:
    return [
        AdvertiserSeed("7100000000000000001", "Sandbox Brand Ads"),
        AdvertiserSeed("7100000000000000002", "Sandbox Brand Ads EU", "EUR", "Europe/Paris"),
    ]


@attrs.define
class MarketingFaults:
    lose_next_create_answers: int = 0  # campaign/adgroup/ad create acts, the answer is lost
    next_codes: list[int] = attrs.Factory(list)  # codes the next calls answer with, in order


@attrs.define
class MarketingSettings:
    app_id: str = DEFAULT_APP_ID
    secret: str = DEFAULT_SECRET
    advertisers: list[AdvertiserSeed] = attrs.Factory(default_advertisers)
    review_delay_s: float = 2.0  # ads and ad groups leave review this long after create
    reject_word: str = "REJECT"  # an ad whose text holds this word is rejected
    video_processing_s: float = 1.0
    audience_processing_s: float = 1.0
    endpoint_qpm: int = 30  # per app and endpoint (40100); the sandbox's documented 30 QPM
    advertiser_qps: int = 5  # per advertiser and endpoint (40133); TikTok publishes no number
    secondary_status: bool = True  # the real sandbox omits it; we return it so polls work
    sign_webhooks: bool = True  # unconfirmed: HMAC-SHA256 of "t.body" under the app secret
    known_emails: int = 1000  # user{i}@example.com, i < n, are "TikTok users" for matching
    webhook_timeout_s: float = 5.0
    faults: MarketingFaults = attrs.Factory(MarketingFaults)
