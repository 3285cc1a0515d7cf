"""Matching a post to a video on the creator's public profile."""

from __future__ import annotations

from datetime import timedelta

import attrs
import pytest

from domain.errors import DomainError
from domain.post_content import PostContent, PostSettings, PrivacyLevel, PublishMethod
from domain.post_state import PostStatus, Tracking
from domain.reconciliation import matches, visible_on_profile
from tests.builders import T0, post_in, video_post

PUBLIC = PostSettings(privacy_level=PrivacyLevel.PUBLIC_TO_EVERYONE)


def test_only_public_direct_post_videos_can_be_looked_up() -> None:
    assert visible_on_profile(video_post(settings=PUBLIC))
    assert not visible_on_profile(
        video_post(settings=attrs.evolve(PUBLIC, privacy_level=PrivacyLevel.FOLLOWER_OF_CREATOR))
    )
    assert not visible_on_profile(
        video_post(settings=attrs.evolve(PUBLIC, publish_method=PublishMethod.INBOX))
    )


@pytest.mark.parametrize(
    ("description", "title", "offset_s", "expected"),
    [
        ("Hello   #tiktok", "", 30, True),  # whitespace as TikTok may render it
        ("", "hello #TikTok", 30, True),  # case, and the title field
        ("Hello #tiktok", "", -60, True),  # within the clock slack
        ("Hello #tiktok", "", -600, False),  # older than the attempt
        ("Hello #tiktoks", "", 30, False),
        ("", "", 30, False),
    ],
)
def test_matches(description: str, title: str, offset_s: int, expected: bool) -> None:
    post = video_post(caption="Hello #tiktok")
    assert (
        matches(
            post,
            description=description,
            title=title,
            created_at=T0 + timedelta(seconds=offset_s),
            attempt_started=T0,
        )
        is expected
    )


def test_long_captions_match_as_tiktok_cuts_them() -> None:
    caption = "word " * 100
    post = attrs.evolve(video_post(), content=PostContent(caption=caption))
    assert matches(post, description=caption[:150], title="", created_at=T0, attempt_started=T0)


def test_an_empty_caption_never_matches() -> None:
    post = video_post(caption="")
    assert not matches(post, description="", title="anything", created_at=T0, attempt_started=T0)


def test_reconciling_then_found_publishes_once() -> None:
    post = post_in(PostStatus.PUBLISHING)
    post = attrs.evolve(post, publish_id=None)
    looking = post.start_reconciling(reason="lost", check_at=T0, now=T0)
    assert looking.tracking is Tracking.RECONCILING
    assert (
        looking.start_reconciling(
            reason="again", check_at=T0 + timedelta(seconds=30), now=T0
        ).events
        == looking.events
    )  # no second event
    found = looking.found_on_profile(tiktok_post_id="7", share_url="u", now=T0)
    assert found.status is PostStatus.PUBLISHED and found.tiktok_post_ids == ("7",)
    with pytest.raises(DomainError):
        found.found_on_profile(tiktok_post_id="8", share_url="u", now=T0)
    with pytest.raises(DomainError):
        attrs.evolve(post, publish_id="p").start_reconciling(reason="x", check_at=T0, now=T0)
