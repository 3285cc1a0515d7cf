"""TikTok video URLs: ``https://www.tiktok.com/@<username>/video/<digits>``."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from domain.errors import RulesViolated, RuleViolation

HOSTS = ("www.tiktok.com", "tiktok.com", "m.tiktok.com")
_PATH = re.compile(r"^/@(?P<user>[A-Za-z0-9._]{1,64})/video/(?P<id>[0-9]{1,30})/?$")


def video_id_of(url: str, *, username: str) -> str:
    """The video id in ``url`` when it is a TikTok video URL of ``@username``; raises
    RulesViolated (``url_not_tiktok_video`` or ``url_other_account``) otherwise."""
    parts = urlsplit(url) if len(url) <= 2048 else None
    match = (
        _PATH.match(parts.path)
        if parts and parts.scheme == "https" and parts.netloc.lower() in HOSTS
        else None
    )
    if match is None:
        raise RulesViolated(
            [
                RuleViolation(
                    "url_not_tiktok_video",
                    "url",
                    "must be a TikTok video URL, https://www.tiktok.com/@<account>/video/<id>",
                    url[:200],
                )
            ]
        )
    if not username or match["user"].lower() != username.lower():
        raise RulesViolated(
            [
                RuleViolation(
                    "url_other_account",
                    "url",
                    f"must be a video of the channel's own account @{username or '?'}",
                    url[:200],
                    f"@{username}",
                )
            ]
        )
    return match["id"]
