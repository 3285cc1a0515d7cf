"""Shared by schedule and publish-now: manual fallback, then the pre-flight gate.
It calls TikTok and storage: never run it with a unit of work open."""

from __future__ import annotations

from datetime import datetime

import attrs

from application.errors import TikTokApiError
from application.ports import REQUEST_MAX_WAIT_S, TikTokApi, UnitOfWorkFactory
from application.tenancy import post_in_org
from application.use_cases.validate_post import PreflightReport, ValidatePost
from domain.channel import Channel, ChannelStatus, PublishingMode
from domain.errors import RulesViolated, RuleViolation
from domain.post_state import Operation
from domain.social_post import SocialPost


@attrs.frozen
class Readiness:
    post: SocialPost  # moved to manual_pending when API publishing is impossible
    report: PreflightReport | None
    warnings: tuple[str, ...] = ()

    @property
    def manual(self) -> bool:
        return self.post.manual_reason is not None and self.report is None


async def load_for(
    uow: UnitOfWorkFactory, operation: Operation, *, organisation_id: str, post_id: str
) -> tuple[SocialPost, Channel]:
    """Read the post and its channel (and refuse early what the table forbids)."""
    async with uow() as work:
        post = await post_in_org(work, post_id, organisation_id)
        channel = await work.channels.get(post.channel_id)
    post.ensure_can(operation)
    return post, channel


async def check_readiness(
    post: SocialPost,
    channel: Channel,
    *,
    validate: ValidatePost,
    tiktok: TikTokApi,
    now: datetime,
) -> Readiness:
    """The post moved to manual_pending (not saved) if it cannot go through the API; else
    run the pre-flight and raise RulesViolated with every error it found."""
    reason = post.manual_reason_for(
        channel_is_manual=channel.publishing_mode is PublishingMode.MANUAL
    )
    if reason is not None:
        return Readiness(post.move_to_manual(reason=reason, now=now), None)
    warnings: list[str] = []
    creator = None
    if channel.status is ChannelStatus.CONNECTED:
        try:
            creator = await tiktok.creator_info(
                channel.access_token(), max_wait_s=REQUEST_MAX_WAIT_S
            )
        except TikTokApiError as exc:
            warnings.append(
                f"creator settings not checked now ({exc.error.code}); "
                "they are checked again before publishing"
            )
    else:
        warnings.append(f"channel is {channel.status.value}; reconnect it before the post is due")
    report = await validate(post, creator)
    if report.errors:
        raise RulesViolated(
            [
                RuleViolation(
                    i.issue.code, i.issue.field, i.describe(), i.issue.value, i.issue.limit
                )
                for i in report.errors
            ]
        )
    warnings += [w.describe() for w in report.warnings]
    return Readiness(post, report, tuple(warnings))
