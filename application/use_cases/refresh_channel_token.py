"""Refresh a channel's access token under its lock; a refused refresh expires the channel."""

from __future__ import annotations

from datetime import timedelta

import attrs

from application.errors import NotFound, TikTokApiError
from application.ports import AdminAlert, Clock, Notifier, TikTokApi, UnitOfWorkFactory
from domain.channel import Channel, ChannelStatus
from domain.tiktok_errors import Category

REFRESH_MARGIN = timedelta(minutes=15)
MIN_INTERVAL = timedelta(minutes=1)  # a forced refresh twice within this is done once


@attrs.frozen
class RefreshOutcome:
    channel: Channel
    refreshed: bool
    reason: str


@attrs.frozen
class RefreshChannelToken:
    uow: UnitOfWorkFactory
    tiktok: TikTokApi
    clock: Clock
    notifier: Notifier
    margin: timedelta = REFRESH_MARGIN

    async def __call__(
        self, *, channel_id: str, force: bool = False, organisation_id: str | None = None
    ) -> RefreshOutcome:
        async with self.uow() as uow:
            channel = await uow.channels.get_for_update(channel_id)  # held until the end
            if organisation_id is not None and channel.organisation_id != organisation_id:
                raise NotFound("channel", channel_id)
            now = self.clock.now()
            if channel.status is not ChannelStatus.CONNECTED or channel.tokens is None:
                return RefreshOutcome(channel, False, f"channel is {channel.status.value}")
            recent = (
                channel.last_refreshed_at is not None
                and now - channel.last_refreshed_at < MIN_INTERVAL
            )
            if not channel.needs_refresh(now=now, margin=self.margin) and (not force or recent):
                return RefreshOutcome(channel, False, "token still fresh")
            try:
                grant = await self.tiktok.refresh(channel.tokens.refresh_token)
            except TikTokApiError as exc:
                if exc.error.category is not Category.RECONNECT_NEEDED:
                    raise  # transient: the caller retries later
                expired = await uow.channels.save(
                    channel.expire(reason=exc.error.describe(), now=now)
                )
                await uow.commit()
                alert = AdminAlert(
                    "channel_expired",
                    channel.organisation_id,
                    channel.id,
                    f"TikTok channel {channel.display_name} needs reconnecting: "
                    f"{exc.error.spec.message}",
                    now,
                )
                outcome = RefreshOutcome(expired, False, exc.error.code)
            else:
                tokens = grant.token_set(now)
                channel = await uow.channels.save(channel.rotate_tokens(tokens=tokens, now=now))
                await uow.commit()
                return RefreshOutcome(channel, True, "refreshed")
        await self.notifier.notify(alert)  # after the transaction
        return outcome
