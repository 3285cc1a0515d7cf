"""Engagement that grows with a video's age, deterministically from the sandbox seed."""

from __future__ import annotations

import hashlib

from adapters.sandbox.state import TikTokPost


def _unit(seed: int, post_id: int, salt: str) -> float:
    digest = hashlib.sha256(f"{seed}:{post_id}:{salt}".encode()).digest()
    return int.from_bytes(digest[:8], "big") / 2**64


def counts(post: TikTokPost, now_s: int, seed: int) -> dict[str, int]:
    """Views rise fast in the first days and flatten; interactions follow views."""
    age_hours = max(0.0, (now_s - post.create_time) / 3600)
    reach = 400 + 9_600 * _unit(seed, post.id, "reach")  # views at ~1 week
    curve = (
        min(1.0, (age_hours / 168) ** 0.5)
        if age_hours < 168
        else 1.0 + 0.1 * ((age_hours - 168) / 168) ** 0.5
    )
    views = int(reach * curve)
    like_rate = 0.03 + 0.12 * _unit(seed, post.id, "likes")
    return {
        "view_count": views,
        "like_count": int(views * like_rate),
        "comment_count": int(views * like_rate * (0.05 + 0.1 * _unit(seed, post.id, "c"))),
        "share_count": int(views * like_rate * (0.02 + 0.08 * _unit(seed, post.id, "s"))),
    }
