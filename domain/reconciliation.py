"""Finding a post on the creator's profile when TikTok's answer to its init was lost.

TikTok's video list shows public posts only, newest first, with the description cut to
150 characters; a match needs the same text and a creation time after the attempt began.
"""

from __future__ import annotations

import unicodedata
from datetime import datetime, timedelta

from domain.post_content import MediaKind, PrivacyLevel, PublishMethod
from domain.social_post import SocialPost

DESCRIPTION_MAX = 150
CLOCK_SLACK = timedelta(minutes=2)  # TikTok's clock and ours


def visible_on_profile(post: SocialPost) -> bool:
    """Only a public Direct Post video can turn up in the creator's public video list."""
    return (
        post.kind is MediaKind.VIDEO
        and post.settings.publish_method is PublishMethod.DIRECT_POST
        and post.settings.privacy_level is PrivacyLevel.PUBLIC_TO_EVERYONE
    )


def _norm(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split()).casefold()


def matches(
    post: SocialPost,
    *,
    description: str,
    title: str,
    created_at: datetime,
    attempt_started: datetime,
) -> bool:
    """Is this profile video the post? Same text (as TikTok cuts it), made after the
    attempt began. An empty caption never matches: it would match anything."""
    wanted = _norm(post.content.caption[:DESCRIPTION_MAX])
    if not wanted or created_at < attempt_started - CLOCK_SLACK:
        return False
    return any(_norm(text[:DESCRIPTION_MAX]) == wanted for text in (description, title) if text)
