"""A post's TikTok metrics over time, from the snapshots taken of the video(s) it became,
so an integrator needs no join on TikTok ids (an inbox post the creator published later
has them too, once its video id is known)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from itertools import groupby

import attrs

from application.ports import UnitOfWorkFactory
from application.tenancy import post_in_org


@attrs.frozen
class MetricPoint:
    captured_at: datetime
    views: int
    likes: int
    comments: int
    shares: int


@attrs.frozen
class PostMetrics:
    post_id: str
    video_ids: tuple[str, ...]
    points: Sequence[MetricPoint]  # oldest first, summed over the post's videos

    @property
    def latest(self) -> MetricPoint | None:
        return self.points[-1] if self.points else None


@attrs.frozen
class ShowPostMetrics:
    uow: UnitOfWorkFactory

    async def __call__(self, *, organisation_id: str, post_id: str) -> PostMetrics:
        async with self.uow() as uow:
            post = await post_in_org(uow, post_id, organisation_id)
            snapshots = (
                await uow.metrics.snapshots_of_videos(post.channel_id, post.tiktok_post_ids)
                if post.tiktok_post_ids
                else ()
            )
        points = [
            MetricPoint(
                at,
                sum(s.views for s in group),
                sum(s.likes for s in group),
                sum(s.comments for s in group),
                sum(s.shares for s in group),
            )
            for at, group in (
                (at, list(g)) for at, g in groupby(snapshots, key=lambda s: s.captured_at)
            )
        ]
        return PostMetrics(post.id, post.tiktok_post_ids, points)
