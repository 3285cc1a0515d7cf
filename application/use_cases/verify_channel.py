"""Health check of a channel against TikTok: token valid, scopes granted, expiries."""

from __future__ import annotations

import attrs

from application.errors import TikTokApiError
from application.ports import Clock, TikTokApi, UnitOfWorkFactory
from application.tenancy import channel_in_org
from domain.channel import ChannelStatus


@attrs.frozen
class ChannelHealth:
    channel_id: str
    healthy: bool
    status: str
    problems: tuple[str, ...]
    display_name: str = ""
    access_expires_in_s: int | None = None
    refresh_expires_in_s: int | None = None


@attrs.frozen
class VerifyChannel:
    uow: UnitOfWorkFactory
    tiktok: TikTokApi
    clock: Clock

    async def __call__(self, *, organisation_id: str, channel_id: str) -> ChannelHealth:
        async with self.uow() as uow:
            channel = await channel_in_org(uow, channel_id, organisation_id)
        now = self.clock.now()
        problems: list[str] = []
        if channel.status is not ChannelStatus.CONNECTED or channel.tokens is None:
            reason = f": {channel.status_reason}" if channel.status_reason else ""
            return ChannelHealth(
                channel.id,
                False,
                channel.status.value,
                (f"channel is {channel.status.value}{reason}",),
            )
        tokens = channel.tokens
        if channel.missing_scopes:
            problems.append("missing scopes: " + ", ".join(sorted(channel.missing_scopes)))
        name = channel.display_name
        try:
            profile = await self.tiktok.user_info(tokens.access_token, scopes=tokens.scopes)
            name = profile.display_name or name
            if profile.open_id and profile.open_id != channel.open_id:
                problems.append("TikTok answered for a different account than the one connected")
        except TikTokApiError as exc:
            problems.append(exc.error.describe())
        return ChannelHealth(
            channel.id,
            not problems,
            channel.status.value,
            tuple(problems),
            name,
            int((tokens.access_expires_at - now).total_seconds()),
            int((tokens.refresh_expires_at - now).total_seconds()),
        )
