"""Set the time zone a channel's insight reads best days and hours in (IANA name)."""

from __future__ import annotations

from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import attrs

from application.ports import UnitOfWorkFactory
from application.tenancy import channel_in_org
from domain.channel import Channel
from domain.errors import RulesViolated, RuleViolation


@attrs.frozen
class SetChannelTimeZone:
    uow: UnitOfWorkFactory

    async def __call__(self, *, organisation_id: str, channel_id: str, time_zone: str) -> Channel:
        try:
            ZoneInfo(time_zone)
        except (ZoneInfoNotFoundError, ValueError):
            raise RulesViolated(
                [
                    RuleViolation(
                        "unknown_time_zone", "time_zone", "not an IANA time zone", time_zone
                    )
                ]
            ) from None
        async with self.uow() as uow:
            channel = await channel_in_org(uow, channel_id, organisation_id)
            saved = await uow.channels.save(attrs.evolve(channel, time_zone=time_zone))
            await uow.commit()
        return saved
