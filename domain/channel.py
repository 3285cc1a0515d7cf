"""A connected TikTok account: its tokens, scopes, status and publishing mode."""

from __future__ import annotations

import enum
from datetime import datetime, timedelta

import attrs

from domain.errors import DomainError, InvalidTransition
from domain.secret import Secret

REQUIRED_SCOPES = frozenset({"user.info.basic", "video.publish", "video.upload"})
DEFAULT_SCOPES = (
    "user.info.basic",
    "user.info.profile",
    "user.info.stats",
    "video.list",
    "video.publish",
    "video.upload",
)


class ChannelStatus(enum.StrEnum):
    CONNECTED = "connected"
    EXPIRED = "expired"  # refresh refused: the account must be reconnected
    DISCONNECTED = "disconnected"


class PublishingMode(enum.StrEnum):
    API = "api"
    MANUAL = "manual"  # every post goes to manual_pending


@attrs.frozen
class TokenSet:
    """What TikTok's token endpoint returned, with expiries computed from its seconds."""

    access_token: Secret
    refresh_token: Secret
    access_expires_at: datetime
    refresh_expires_at: datetime
    scopes: frozenset[str]

    @classmethod
    def from_grant(
        cls,
        *,
        access_token: str,
        refresh_token: str,
        expires_in: int,
        refresh_expires_in: int,
        scope: str,
        now: datetime,
    ) -> TokenSet:
        """Expiries come from TikTok's remaining seconds, never from constants."""
        return cls(
            Secret(access_token),
            Secret(refresh_token),
            now + timedelta(seconds=expires_in),
            now + timedelta(seconds=refresh_expires_in),
            frozenset(s.strip() for s in scope.split(",") if s.strip()),
        )


@attrs.frozen
class Channel:
    id: str
    organisation_id: str
    open_id: str
    display_name: str
    status: ChannelStatus
    tokens: TokenSet | None
    connected_at: datetime
    username: str = ""
    avatar_url: str = ""
    time_zone: str = "UTC"
    publishing_mode: PublishingMode = PublishingMode.API
    status_reason: str = ""
    status_changed_at: datetime | None = None
    last_refreshed_at: datetime | None = None
    version: int = 0

    @classmethod
    def connect(
        cls,
        *,
        channel_id: str,
        organisation_id: str,
        open_id: str,
        display_name: str,
        tokens: TokenSet,
        now: datetime,
        username: str = "",
        avatar_url: str = "",
    ) -> Channel:
        return cls(
            channel_id,
            organisation_id,
            open_id,
            display_name,
            ChannelStatus.CONNECTED,
            tokens,
            now,
            username,
            avatar_url,
            status_changed_at=now,
        )

    @property
    def scopes(self) -> frozenset[str]:
        return self.tokens.scopes if self.tokens else frozenset()

    @property
    def missing_scopes(self) -> frozenset[str]:
        return REQUIRED_SCOPES - self.scopes

    def reconnect(self, *, tokens: TokenSet, display_name: str, now: datetime) -> Channel:
        """A new OAuth grant for the same account (after expiry, revoke or disconnect)."""
        return attrs.evolve(
            self,
            tokens=tokens,
            display_name=display_name,
            status=ChannelStatus.CONNECTED,
            status_reason="",
            status_changed_at=now,
            last_refreshed_at=now,
        )

    def rotate_tokens(self, *, tokens: TokenSet, now: datetime) -> Channel:
        """Store a refreshed token set; the newest refresh token always wins."""
        if self.status is not ChannelStatus.CONNECTED:
            raise InvalidTransition(
                "channel", self.status, ChannelStatus.CONNECTED, "store refreshed tokens"
            )
        return attrs.evolve(self, tokens=tokens, last_refreshed_at=now)

    def needs_refresh(self, *, now: datetime, margin: timedelta) -> bool:
        return (
            self.status is ChannelStatus.CONNECTED
            and self.tokens is not None
            and self.tokens.access_expires_at - margin <= now
        )

    def refresh_token_expires_soon(self, *, now: datetime, warn_ahead: timedelta) -> bool:
        return self.tokens is not None and self.tokens.refresh_expires_at - warn_ahead <= now

    def expire(self, *, reason: str, now: datetime) -> Channel:
        """TikTok refused the refresh (or removed the authorization): reconnect needed."""
        if self.status is ChannelStatus.DISCONNECTED:
            raise InvalidTransition("channel", self.status, ChannelStatus.EXPIRED, "expire")
        if self.status is ChannelStatus.EXPIRED:
            return self
        return attrs.evolve(
            self, status=ChannelStatus.EXPIRED, status_reason=reason, status_changed_at=now
        )

    def disconnect(self, *, now: datetime) -> Channel:
        if self.status is ChannelStatus.DISCONNECTED:
            return self
        return attrs.evolve(
            self,
            status=ChannelStatus.DISCONNECTED,
            tokens=None,
            status_reason="disconnected by the organisation",
            status_changed_at=now,
        )

    def access_token(self) -> Secret:
        if self.status is not ChannelStatus.CONNECTED or self.tokens is None:
            raise ChannelUnusable(self.id, self.status)
        return self.tokens.access_token

    def set_publishing_mode(self, mode: PublishingMode) -> Channel:
        return attrs.evolve(self, publishing_mode=mode)


class ChannelUnusable(DomainError):
    def __init__(self, channel_id: str, status: ChannelStatus) -> None:
        self.channel_id = channel_id
        self.status = status
        super().__init__(f"channel {channel_id} is {status.value}; reconnect it to use it")
