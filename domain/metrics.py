"""Account-level metrics as captured at one time."""

from __future__ import annotations

from datetime import datetime

import attrs


@attrs.frozen
class AccountSnapshot:
    channel_id: str
    captured_at: datetime
    follower_count: int | None
    following_count: int | None
    likes_count: int | None
    video_count: int | None
