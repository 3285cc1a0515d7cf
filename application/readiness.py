"""Shared by schedule and publish-now: manual fallback, then the pre-flight gate."""

from __future__ import annotations

from datetime import datetime

import attrs

from application.errors import TikTokApiError
from application.ports import TikTokApi, UnitOfWork
from application.use_cases.validate_post import PreflightReport, ValidatePost
from domain.channel import Channel, ChannelStatus, PublishingMode
from domain.errors import RulesViolated, RuleViolation
from domain.social_post import SocialPost


@attrs.frozen
class Readiness:
    post: SocialPost  # moved to manual_pending when API publishing is impossible
    report: PreflightReport | None
    warnings: tuple[str, ...] = ()

    @property
    def manual(self) -> bool:
        return self.post.manual_reason is not None and self.report is None


async def check_readiness(
    uow: UnitOfWork,
    post: SocialPost,
    channel: Channel,
    *,
    validate: ValidatePost,
    tiktok: TikTokApi,
    now: datetime,
) -> Readiness:
    """Move to manual_pending if the post cannot go through the API; else run the pre-flight
    and raise RulesViolated with every error it found."""
    reason = post.manual_reason_for(
        channel_is_manual=channel.publishing_mode is PublishingMode.MANUAL
    )
    if reason is not None:
        moved = await uow.posts.save(post.move_to_manual(reason=reason, now=now))
        return Readiness(moved, None)
    warnings: list[str] = []
    creator = None
    if channel.status is ChannelStatus.CONNECTED:
        try:
            creator = await tiktok.creator_info(channel.access_token())
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
