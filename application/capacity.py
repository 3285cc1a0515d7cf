"""The caps near the time a post would go out, counted by the repository (no posts loaded)
and judged by ``domain.caps``. Reads only: safe inside a unit of work."""

from __future__ import annotations

from datetime import datetime

from application.ports import NearbyPosts, UnitOfWork
from application.use_cases.validate_post import FileIssue
from domain.caps import WINDOW, CapCounts, cap_warnings, is_inbox
from domain.social_post import SocialPost


async def cap_counts(uow: UnitOfWork, post: SocialPost, at: datetime, now: datetime) -> CapCounts:
    near = await uow.posts.count_near(
        NearbyPosts(post.channel_id, at, WINDOW, is_inbox(post), excluding=post.id)
    )
    return CapCounts(near, await uow.posts.app_cap_until(now=now))


async def capacity_issues(
    uow: UnitOfWork, post: SocialPost, at: datetime, now: datetime
) -> tuple[FileIssue, ...]:
    counts = await cap_counts(uow, post, at, now)
    return tuple(FileIssue("", issue) for issue in cap_warnings(post, at, counts))


async def capacity_warnings(
    uow: UnitOfWork, post: SocialPost, at: datetime, now: datetime
) -> list[str]:
    return [i.describe() for i in await capacity_issues(uow, post, at, now)]
