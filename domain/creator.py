"""A creator_info snapshot and the creator gate: what this creator allows right now."""

from __future__ import annotations

from typing import TYPE_CHECKING

import attrs

from domain.errors import RuleViolation
from domain.post_content import (
    PRIVACY_MOST_PRIVATE_FIRST,
    MediaKind,
    PrivacyLevel,
    PublishMethod,
)

if TYPE_CHECKING:
    from domain.social_post import SocialPost


@attrs.frozen
class CreatorInfo:
    """What ``/v2/post/publish/creator_info/query/`` answered for one creator."""

    username: str
    nickname: str
    avatar_url: str
    privacy_level_options: tuple[PrivacyLevel, ...]
    comment_disabled: bool
    duet_disabled: bool
    stitch_disabled: bool
    max_video_post_duration_sec: int

    def most_private_privacy(self) -> PrivacyLevel | None:
        """The most private level this creator offers (SELF_ONLY where offered)."""
        for level in PRIVACY_MOST_PRIVATE_FIRST:
            if level in self.privacy_level_options:
                return level
        return None


def creator_gate(
    post: SocialPost, creator: CreatorInfo, *, video_duration_s: float | None = None
) -> tuple[RuleViolation, ...]:
    """Every way this post breaks what the creator allows; empty when it may be posted.

    ``video_duration_s`` comes from the media probe; without it the duration rule
    is not checked here (the pre-flight checks it).
    """
    settings = post.settings
    direct = settings.publish_method is PublishMethod.DIRECT_POST
    found: list[RuleViolation] = []
    if direct:
        level = settings.privacy_level
        allowed = ", ".join(option.value for option in creator.privacy_level_options)
        if level is None:
            found.append(
                RuleViolation(
                    "privacy_level_missing",
                    "privacy_level",
                    f"choose a privacy level; this creator allows {allowed}",
                    None,
                    allowed,
                )
            )
        elif level not in creator.privacy_level_options:
            found.append(
                RuleViolation(
                    "privacy_level_option_mismatch",
                    "privacy_level",
                    f"{level.value} is not offered by @{creator.username}; choose one of {allowed}",
                    level.value,
                    allowed,
                )
            )
        if settings.brand_content_toggle and level is PrivacyLevel.SELF_ONLY:
            found.append(
                RuleViolation(
                    "branded_content_private",
                    "privacy_level",
                    "branded content (paid partnership) cannot be SELF_ONLY",
                    level.value,
                    "any level but SELF_ONLY",
                )
            )
        found += _interactions(post, creator)
    if post.kind is MediaKind.VIDEO and video_duration_s is not None:
        limit = creator.max_video_post_duration_sec
        if video_duration_s > limit:
            found.append(
                RuleViolation(
                    "duration_over_creator_max",
                    "duration",
                    f"video is {video_duration_s:.1f} s; @{creator.username} may post at most {limit} s",
                    round(video_duration_s, 3),
                    limit,
                )
            )
    return tuple(found)


def _interactions(post: SocialPost, creator: CreatorInfo) -> list[RuleViolation]:
    """A setting the creator has turned off cannot be turned on by us."""
    checks = [
        ("disable_comment", creator.comment_disabled, post.settings.disable_comment, "comments")
    ]
    if post.kind is MediaKind.VIDEO:  # duet and stitch are ignored for photos
        checks += [
            ("disable_duet", creator.duet_disabled, post.settings.disable_duet, "duets"),
            ("disable_stitch", creator.stitch_disabled, post.settings.disable_stitch, "stitches"),
        ]
    return [
        RuleViolation(
            "interaction_disabled_by_creator",
            field,
            f"@{creator.username} has turned {what} off; {field} must be true",
            False,
            True,
        )
        for field, creator_off, post_off, what in checks
        if creator_off and not post_off
    ]
