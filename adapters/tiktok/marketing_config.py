"""Where the Marketing API client connects, and the per-endpoint limits it keeps."""

from __future__ import annotations

import attrs

from domain.secret import Secret

MARKETING_BASE = "https://business-api.tiktok.com"
SANDBOX_BASE = "https://sandbox-ads.tiktok.com"
PORTAL_AUTH_URL = "https://business-api.tiktok.com/portal/auth"

# Requests per minute per endpoint the client keeps to (TikTok's Basic tier and the
# sandbox's documented 30 QPM; the sandbox's 1 QPS is kept by ``qps``).
ENDPOINT_QPM = {
    "/ad/create/": 150,
    "/report/integrated/get/": 600,
}
DEFAULT_QPM = 600
SANDBOX_QPM = 30


@attrs.frozen
class MarketingClientConfig:
    app_id: str
    secret: Secret
    api_base: str = MARKETING_BASE
    portal_auth_url: str = PORTAL_AUTH_URL
    request_timeout_s: float = 60.0
    upload_timeout_s: float = 900.0
    connect_timeout_s: float = 10.0
    qpm: dict[str, int] = attrs.field(factory=lambda: dict(ENDPOINT_QPM))
    default_qpm: int = DEFAULT_QPM
    qps: int = 10  # per advertiser and endpoint (40133); TikTok publishes no number
    max_rate_retries: int = 3
    read_attempts: int = 3
    backoff_base_s: float = 0.5
    backoff_cap_s: float = 20.0
    video_ready_timeout_s: float = 120.0
    video_poll_s: float = 1.0

    @classmethod
    def for_sandbox(cls, app_id: str, secret: Secret, api_base: str) -> MarketingClientConfig:
        """Limits of TikTok's ads sandbox (30 QPM, 1 QPS per endpoint)."""
        return cls(app_id, secret, api_base, portal_auth_url=f"{api_base}/portal/auth",
                   qpm={}, default_qpm=SANDBOX_QPM, qps=5)  # fmt: skip
