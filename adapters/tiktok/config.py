"""Where the client connects and how patient it is."""

from __future__ import annotations

import random

import attrs

from domain.secret import Secret

API_BASE = "https://open.tiktokapis.com"
AUTH_BASE = "https://www.tiktok.com"
USER_AGENT = "tiktok-channel/0.1 (+https://github.com/tiktok-channel/tiktok-channel)"

# Per-token, per-endpoint limits from TikTok's reference pages (requests per window).
RATE_LIMITS = {
    "video_init": 6,
    "inbox_init": 6,
    "content_init": 6,
    "creator_info": 20,
    "status_fetch": 30,
    "user_info": 600,
    "video_list": 600,
    "video_query": 600,
}


@attrs.frozen
class TikTokClientConfig:
    client_key: str
    client_secret: Secret
    api_base: str = API_BASE
    auth_base: str = AUTH_BASE
    connect_timeout_s: float = 10.0
    read_timeout_s: float = 30.0
    request_timeout_s: float = 60.0  # a whole API call
    chunk_timeout_s: float = 600.0  # one chunk PUT, up to 128 MB
    chunk_attempts: int = 5  # tries per chunk on 5xx, timeouts and resets
    read_attempts: int = 3  # tries of idempotent reads (status, info, display)
    backoff_base_s: float = 0.5
    backoff_cap_s: float = 30.0
    rate_window_s: float = 60.0
    rate_limits: dict[str, int] = attrs.field(factory=lambda: dict(RATE_LIMITS))
    max_429_retries: int = 3
    init_max_wait_s: float = 5.0  # longer: the post is deferred to the window's opening
    user_agent: str = USER_AGENT


def backoff_delay(config: TikTokClientConfig, attempt: int) -> float:
    """Exponential from ``backoff_base_s``, capped, with jitter in the upper half."""
    ceiling = min(config.backoff_cap_s, config.backoff_base_s * 2 ** (attempt - 1))
    return random.uniform(ceiling / 2, ceiling)
