"""Sandbox settings: every documented conflict or unknown is a setting, with the facts
file's "emulate" advice as the default."""

from __future__ import annotations

import enum
import secrets
from datetime import timedelta

import attrs

DEFAULT_CLIENT_KEY = "sbawsandboxclientkey"


class MbReading(enum.StrEnum):
    """How the sandbox reads "MB" in the chunk rules (TikTok does not say)."""

    DECIMAL = "decimal"
    BINARY = "binary"
    BOTH = "both"  # a plan must be valid under both readings (strictest)


class UnknownFields(enum.StrEnum):
    """What a ``fields`` query naming a field TikTok does not document gets (facts silent)."""

    REFUSE = "refuse"  # invalid_params, 400: "one or more fields invalid" (facts section 7)
    IGNORE = "ignore"  # answered without it (a popular npm Login Kit client asks avatar_url_200)


class UploadAnswerBody(enum.StrEnum):
    """The body of upload-URL answers: TikTok documents none (facts section 4.6)."""

    EMPTY = "empty"  # status and Content-Range only, as documented
    TEXT = "text"  # a plain-text reason on refusals, as a gateway might send
    JSON = "json"  # a v2-style {"error": {code, message, log_id}} on every answer


class TokenPreset(enum.StrEnum):
    CURRENT = "current"  # Nov-2026 docs: 2 h / 180 d, always rotated
    LEGACY = "legacy"  # older docs: 24 h / 365 d, not rotated


@attrs.define
class CreatorSeed:
    """A TikTok account the sandbox knows, and everything a test may want to set on it."""

    username: str
    nickname: str = ""
    open_id: str = ""
    union_id: str = ""
    private_account: bool = False
    comment_disabled: bool = False
    duet_disabled: bool = False
    stitch_disabled: bool = False
    max_video_post_duration_sec: int = 300
    banned: bool = False
    daily_post_cap: int | None = None  # None: the app-wide default
    app_version: str = "34.1.0"  # MEDIA_UPLOAD needs 31.8 or later
    is_verified: bool = False
    bio_description: str = ""
    follower_count: int = 1200
    following_count: int = 180
    likes_count: int = 45_000
    fail_reason: str | None = None  # every publish of this creator fails with this
    history_videos: int = 0  # public videos seeded in the past, for analytics

    def __attrs_post_init__(self) -> None:
        self.nickname = self.nickname or self.username.replace("_", " ").title()
        self.open_id = self.open_id or f"sbx-open-{self.username}"
        self.union_id = self.union_id or f"sbx-union-{self.username}"
        if self.private_account:  # TikTok forces these for private accounts
            self.duet_disabled = self.stitch_disabled = True


def default_creators() -> list[CreatorSeed]:
    return [
        CreatorSeed(
            "sandbox_brand",
            "Sandbox Brand",
            is_verified=True,
            history_videos=24,
            bio_description="The default sandbox creator",
        ),
        CreatorSeed("sandbox_private", private_account=True, max_video_post_duration_sec=180),
        CreatorSeed("sandbox_banned", banned=True),
    ]


@attrs.define
class Faults:
    """Injected misbehaviour; settable at start and through /_sandbox/faults."""

    error_rate: float = 0.0  # probability of a 5xx on /v2 and upload calls
    timeout_rate: float = 0.0  # probability of no answer (the request hangs)
    latency_ms: int = 0  # added to every /v2 and upload call
    burst_429: int = 0  # the next N /v2 calls answer 429 rate_limit_exceeded
    upload_url_lifetime_s: int | None = None  # upload URLs expire early
    stuck_processing: bool = False  # statuses stay in processing
    stick_next_statuses: int = 0  # the next N publications stay in processing for good
    hang_seconds: float = 30.0  # how long a "timeout" hangs before closing
    fail_next_uploads: int = 0  # the next N chunk PUTs answer 503, storing nothing
    lose_next_upload_answers: int = 0  # the next N chunks are stored, then the line drops
    lose_next_init_answers: int = 0  # the next N inits take effect, then the line drops


@attrs.define
class SandboxSettings:
    client_key: str = DEFAULT_CLIENT_KEY
    # Random per sandbox unless given: printed at start, never a shared literal.
    client_secret: str = attrs.field(factory=lambda: secrets.token_urlsafe(24), repr=False)
    auto_approve: bool = False
    redirect_uris: tuple[str, ...] = ()  # empty: any http(s) loopback URI
    webhook_url: str | None = None
    verified_prefixes: tuple[str, ...] = ()  # URL prefixes, or bare domains (+ subdomains)
    processing_delay: float = 1.0  # seconds between upload end and the final status
    moderation_delay: float = 2.0  # seconds before a public post gets its public id
    token_preset: TokenPreset = TokenPreset.CURRENT
    access_token_lifetime: timedelta | None = None  # None: from the preset
    refresh_token_lifetime: timedelta | None = None
    rotate_refresh_tokens: bool | None = None
    code_lifetime: timedelta = timedelta(minutes=5)
    upload_url_lifetime: timedelta = timedelta(hours=1)
    audited: bool = True
    active_user_cap: int = 10_000  # distinct creators posting per 24 h (unaudited: 5)
    daily_post_cap: int = 15  # Direct Posts per creator per 24 h
    pending_share_cap: int = 5  # inbox shares not yet posted, per 24 h
    mb_reading: MbReading = MbReading.BOTH
    unknown_fields: UnknownFields = UnknownFields.REFUSE
    upload_answer_body: UploadAnswerBody = UploadAnswerBody.EMPTY
    oauth_error_status: int = 400  # undocumented: some integrators saw 200
    duplicate_webhooks: bool = False
    webhook_retry_base: float = 1.0  # seconds; doubles per attempt
    webhook_max_attempts: int = 8
    creators: list[CreatorSeed] = attrs.Factory(default_creators)
    faults: Faults = attrs.Factory(Faults)
    seed: int = 20261122  # metric growth and fault dice
    public_base_url: str = ""  # how clients reach the sandbox; filled in when serving
    rate_window_s: float = 60.0  # TikTok's sliding window; shorter only for tests
    rate_limits: dict[str, int] = attrs.Factory(
        lambda: {
            "video_init": 6,
            "inbox_init": 6,
            "content_init": 6,
            "creator_info": 20,
            "status_fetch": 30,
            "user_info": 600,
            "video_list": 600,
            "video_query": 600,
        }
    )

    @property
    def access_lifetime(self) -> timedelta:
        if self.access_token_lifetime is not None:
            return self.access_token_lifetime
        return timedelta(hours=2 if self.token_preset is TokenPreset.CURRENT else 24)

    @property
    def refresh_lifetime(self) -> timedelta:
        if self.refresh_token_lifetime is not None:
            return self.refresh_token_lifetime
        return timedelta(days=180 if self.token_preset is TokenPreset.CURRENT else 365)

    @property
    def rotates(self) -> bool:
        if self.rotate_refresh_tokens is not None:
            return self.rotate_refresh_tokens
        return self.token_preset is TokenPreset.CURRENT
