"""Looking for a post among the creator's public videos (newest first, a few pages)."""

from __future__ import annotations

from datetime import UTC, datetime

from application.ports import TikTokApi, TikTokVideo
from domain.post_events import PublishingStarted
from domain.reconciliation import CLOCK_SLACK, matches
from domain.secret import Secret
from domain.social_post import SocialPost
from domain.tracking import ProfileMatch

MAX_PAGES = 3  # 60 videos: more than a creator posts while an init is in doubt


async def find_on_profile(
    tiktok: TikTokApi, token: Secret, post: SocialPost, attempt_started: datetime
) -> TikTokVideo | None:
    cursor: int | None = None
    for _ in range(MAX_PAGES):
        page = await tiktok.list_videos(token, cursor=cursor, max_count=20)
        for video in page.videos:
            created = datetime.fromtimestamp(video.create_time, UTC)
            if matches(
                post,
                description=video.video_description,
                title=video.title,
                created_at=created,
                attempt_started=attempt_started,
            ):
                return video
        older = [
            v
            for v in page.videos
            if datetime.fromtimestamp(v.create_time, UTC) < attempt_started - CLOCK_SLACK
        ]
        if not page.has_more or page.cursor is None or older:
            return None  # newest first: the rest is older than the attempt
        cursor = page.cursor
    return None


async def match_on_profile(
    tiktok: TikTokApi, token: Secret, post: SocialPost, attempt_started: datetime
) -> ProfileMatch | None:
    found = await find_on_profile(tiktok, token, post, attempt_started)
    return None if found is None else ProfileMatch(found.id, found.share_url)


def attempt_started(post: SocialPost) -> datetime | None:
    """When the current publishing attempt began."""
    return post.last_event_at(PublishingStarted)
