"""The second kind of TikTok connection: a Business/Creator account authorised through the
Business API for TikTok Accounts (``tt_user`` OAuth), attached to a channel.

A channel may hold a Login Kit connection (its own tokens, on ``Channel``), an Accounts API
connection (this aggregate), or both; each gives the channel a set of capabilities.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from datetime import datetime, timedelta

import attrs

from domain.channel import Channel, ChannelStatus, TokenSet
from domain.errors import DomainError, InvalidTransition
from domain.secret import Secret

BUSINESS_SCOPES = (
    "user.info.basic",
    "user.info.username",
    "user.info.stats",
    "user.info.profile",
    "user.account.type",
    "user.insights",
    "video.list",
    "video.insights",
    "comment.list",
    "comment.list.manage",
)


class ConnectionKind(enum.StrEnum):
    LOGIN_KIT = "login_kit"  # developers.tiktok.com: Content Posting, Display API
    ACCOUNTS_API = "accounts_api"  # business-api.tiktok.com: insights and comments


class Capability(enum.StrEnum):
    PUBLISH = "publish"
    DISPLAY_METRICS = "display_metrics"  # view/like/comment/share counts
    ACCOUNT_INSIGHTS = "account_insights"  # daily metrics and audience
    VIDEO_INSIGHTS = "video_insights"  # reach, watch time, completion, sources
    COMMENTS_READ = "comments_read"
    COMMENTS_MANAGE = "comments_manage"  # reply, hide/unhide, delete our own


# Which scopes of which connection give each capability (all listed scopes are needed).
CAPABILITY_SCOPES: dict[ConnectionKind, dict[Capability, frozenset[str]]] = {
    ConnectionKind.LOGIN_KIT: {
        Capability.PUBLISH: frozenset({"video.publish", "video.upload"}),
        Capability.DISPLAY_METRICS: frozenset({"video.list"}),
    },
    ConnectionKind.ACCOUNTS_API: {
        Capability.ACCOUNT_INSIGHTS: frozenset({"user.insights"}),
        Capability.VIDEO_INSIGHTS: frozenset({"video.list", "video.insights"}),
        Capability.COMMENTS_READ: frozenset({"comment.list"}),
        Capability.COMMENTS_MANAGE: frozenset({"comment.list", "comment.list.manage"}),
    },
}


def capabilities_of(kind: ConnectionKind, scopes: Iterable[str]) -> frozenset[Capability]:
    granted = frozenset(scopes)
    return frozenset(cap for cap, needed in CAPABILITY_SCOPES[kind].items() if needed <= granted)


@attrs.frozen
class BusinessConnection:
    """An Accounts API authorisation of one TikTok account, for one organisation's channel.

    ``business_id`` is the ``open_id`` the token endpoint returned: every ``/business/*``
    call names the account with it.
    """

    id: str
    organisation_id: str
    channel_id: str
    business_id: str
    status: ChannelStatus
    tokens: TokenSet | None
    connected_at: datetime
    username: str = ""
    display_name: str = ""
    is_business_account: bool | None = None  # None until TikTok said
    followers_count: int | None = None
    status_reason: str = ""
    status_changed_at: datetime | None = None
    last_refreshed_at: datetime | None = None
    version: int = 0

    @classmethod
    def connect(
        cls,
        *,
        connection_id: str,
        organisation_id: str,
        channel_id: str,
        business_id: str,
        tokens: TokenSet,
        now: datetime,
    ) -> BusinessConnection:
        return cls(
            connection_id,
            organisation_id,
            channel_id,
            business_id,
            ChannelStatus.CONNECTED,
            tokens,
            now,
            status_changed_at=now,
            last_refreshed_at=now,
        )

    @property
    def kind(self) -> ConnectionKind:
        return ConnectionKind.ACCOUNTS_API

    @property
    def scopes(self) -> frozenset[str]:
        return self.tokens.scopes if self.tokens else frozenset()

    @property
    def capabilities(self) -> frozenset[Capability]:
        if self.status is not ChannelStatus.CONNECTED:
            return frozenset()
        return capabilities_of(ConnectionKind.ACCOUNTS_API, self.scopes)

    def with_profile(
        self,
        *,
        username: str,
        display_name: str,
        is_business_account: bool | None,
        followers_count: int | None,
    ) -> BusinessConnection:
        return attrs.evolve(
            self,
            username=username or self.username,
            display_name=display_name or self.display_name,
            is_business_account=is_business_account,
            followers_count=followers_count,
        )

    def reconnect(self, *, tokens: TokenSet, now: datetime) -> BusinessConnection:
        return attrs.evolve(
            self,
            tokens=tokens,
            status=ChannelStatus.CONNECTED,
            status_reason="",
            status_changed_at=now,
            last_refreshed_at=now,
        )

    def rotate_tokens(self, *, tokens: TokenSet, now: datetime) -> BusinessConnection:
        if self.status is not ChannelStatus.CONNECTED:
            raise InvalidTransition(
                "business connection", self.status, ChannelStatus.CONNECTED, "store tokens"
            )
        return attrs.evolve(self, tokens=tokens, last_refreshed_at=now)

    def needs_refresh(self, *, now: datetime, margin: timedelta) -> bool:
        return (
            self.status is ChannelStatus.CONNECTED
            and self.tokens is not None
            and self.tokens.access_expires_at - margin <= now
        )

    def expire(self, *, reason: str, now: datetime) -> BusinessConnection:
        if self.status is not ChannelStatus.CONNECTED:
            return self
        return attrs.evolve(
            self, status=ChannelStatus.EXPIRED, status_reason=reason, status_changed_at=now
        )

    def disconnect(self, *, now: datetime) -> BusinessConnection:
        if self.status is ChannelStatus.DISCONNECTED:
            return self
        return attrs.evolve(
            self,
            status=ChannelStatus.DISCONNECTED,
            tokens=None,
            status_reason="disconnected by the organisation",
            status_changed_at=now,
        )

    def access_token(self, capability: Capability | None = None) -> Secret:
        if self.status is not ChannelStatus.CONNECTED or self.tokens is None:
            raise ConnectionUnusable(
                self.channel_id, f"its Accounts API connection is {self.status.value}"
            )
        if capability is not None and capability not in self.capabilities:
            raise ConnectionUnusable(
                self.channel_id, f"its Accounts API grant lacks the scopes for {capability.value}"
            )
        return self.tokens.access_token


@attrs.frozen
class ConnectionView:
    """One connection of a channel as shown on it."""

    kind: ConnectionKind
    status: ChannelStatus
    capabilities: frozenset[Capability]
    account_id: str  # open_id (Login Kit) or business_id (Accounts API)


def connections_of(
    channel: Channel, business: BusinessConnection | None
) -> tuple[ConnectionView, ...]:
    """The connections a channel holds, each with what it allows."""
    views = []
    if channel.tokens is not None or channel.status is not ChannelStatus.CONNECTED:
        login_caps = (
            capabilities_of(ConnectionKind.LOGIN_KIT, channel.scopes)
            if channel.status is ChannelStatus.CONNECTED
            else frozenset()
        )
        views.append(
            ConnectionView(ConnectionKind.LOGIN_KIT, channel.status, login_caps, channel.open_id)
        )
    if business is not None:
        views.append(
            ConnectionView(
                ConnectionKind.ACCOUNTS_API,
                business.status,
                business.capabilities,
                business.business_id,
            )
        )
    return tuple(views)


class ConnectionUnusable(DomainError):
    def __init__(self, channel_id: str, why: str) -> None:
        self.channel_id = channel_id
        super().__init__(f"channel {channel_id} cannot do this: {why}; connect it again")
