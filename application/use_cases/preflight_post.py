"""The pre-flight report for a stored post, against the creator's current limits."""

from __future__ import annotations

import attrs

from application.capacity import capacity_issues
from application.errors import TikTokApiError
from application.ports import REQUEST_MAX_WAIT_S, Clock, TikTokApi, UnitOfWorkFactory
from application.tenancy import post_in_org
from application.use_cases.validate_post import PreflightReport, ValidatePost
from domain.channel import ChannelStatus


@attrs.frozen
class PreflightPost:
    uow: UnitOfWorkFactory
    tiktok: TikTokApi
    validate: ValidatePost
    clock: Clock

    async def __call__(self, *, organisation_id: str, post_id: str) -> PreflightReport:
        now = self.clock.now()
        async with self.uow() as uow:
            post = await post_in_org(uow, post_id, organisation_id)
            channel = await uow.channels.get(post.channel_id)
            at = post.scheduled_at if post.scheduled_at and post.scheduled_at > now else now
            caps = await capacity_issues(uow, post, at, now)
        creator = None
        if channel.status is ChannelStatus.CONNECTED:
            try:
                creator = await self.tiktok.creator_info(
                    channel.access_token(), max_wait_s=REQUEST_MAX_WAIT_S
                )
            except TikTokApiError:
                creator = None  # the media rules still apply; the creator's are checked later
        report = await self.validate(post, creator)
        return attrs.evolve(report, issues=(*report.issues, *caps))
