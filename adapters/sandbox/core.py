"""The sandbox's shared core: settings, state, clock, dice, and the rules every route uses."""

from __future__ import annotations

import hashlib
import random
import shutil
import tempfile
from datetime import datetime, timedelta
from pathlib import Path

from aiohttp import web

from adapters.sandbox.clock import Clock, WallClock
from adapters.sandbox.rate_limit import SlidingWindows
from adapters.sandbox.responses import ApiError
from adapters.sandbox.settings import CreatorSeed, SandboxSettings
from adapters.sandbox.state import Grant, SandboxState, TikTokPost

POST_ID_BASE = 7_300_000_000_000_000_000  # real post ids exceed 2**53 (and 2**63 is the cap)
HISTORY_HASHTAGS = (
    "#recipe",
    "#quick",
    "#dinner",
    "#howto",
    "#behindthescenes",
    "#tips",
    "#launch",
    "#team",
)


class Sandbox:
    def __init__(
        self, settings: SandboxSettings, clock: Clock | None = None, data_dir: Path | None = None
    ) -> None:
        self.settings = settings
        self.clock: Clock = clock or WallClock()
        self._own_dir = data_dir is None
        self.data_dir = data_dir or Path(tempfile.mkdtemp(prefix="tiktok-sandbox-"))
        self.data_dir.mkdir(parents=True, exist_ok=True)
        self.windows = SlidingWindows(timedelta(seconds=settings.rate_window_s))
        self.state = SandboxState()
        self.dice = random.Random(settings.seed)
        self.reset()

    # ---- lifecycle ------------------------------------------------------------

    def reset(self) -> None:
        """Forget everything but the settings; re-seed creators and their history."""
        for path in self.data_dir.glob("*"):
            path.unlink(missing_ok=True)
        self.state = SandboxState()
        self.windows.clear()
        self.dice = random.Random(self.settings.seed)
        for seed in self.settings.creators:
            self.add_creator(seed)
        if self.settings.creators:
            self.state.session_open_id = self.settings.creators[0].open_id

    def close(self) -> None:
        if self._own_dir:
            shutil.rmtree(self.data_dir, ignore_errors=True)

    def now(self) -> datetime:
        return self.clock.now()

    # ---- creators ---------------------------------------------------------------

    def add_creator(self, seed: CreatorSeed) -> CreatorSeed:
        if self.state.creator_by_username(seed.username) is not None:
            raise ValueError(f"creator {seed.username!r} exists already")
        self.state.creators[seed.open_id] = seed
        self._seed_history(seed)
        return seed

    def _seed_history(self, seed: CreatorSeed) -> None:
        now = int(self.now().timestamp())
        rng = random.Random(f"{self.settings.seed}:{seed.username}")
        for n in range(seed.history_videos):
            age_days = 2 + n * 2.5 + rng.random()
            hour = rng.choice((9, 12, 18, 18, 20))
            created = now - int(age_days * 86_400)
            created -= created % 86_400 - hour * 3600  # at that hour (UTC) of the day
            tags = " ".join(rng.sample(HISTORY_HASHTAGS, 2))
            self.state.posts.append(
                TikTokPost(
                    self.new_post_id(),
                    seed.open_id,
                    None,
                    created,
                    f"Video {n + 1} {tags}",
                    "PUBLIC_TO_EVERYONE",
                    (hashlib.sha256(f"{seed.username}{n}".encode()).hexdigest(),),
                    duration=rng.choice((9, 14, 22, 35, 48, 75)),
                    seeded=True,
                )
            )

    def creator(self, open_id: str) -> CreatorSeed:
        creator = self.state.creators.get(open_id)
        if creator is None:  # the account was deleted under a live token
            raise ApiError(401, "access_token_invalid", "The user of this token no longer exists.")
        return creator

    # ---- tokens, scopes and rate limits --------------------------------------------

    def authenticate(
        self, request: web.Request, endpoint: str | None, any_of_scopes: tuple[str, ...] = ()
    ) -> Grant:
        header = request.headers.get("Authorization", "")
        scheme, _, token = header.partition(" ")
        grant = self.state.access.get(token.strip()) if scheme.lower() == "bearer" else None
        if grant is None or grant.revoked or grant.expires_at <= self.now():
            raise ApiError(
                401,
                "access_token_invalid",
                "The access token is invalid or not found in the request.",
            )
        if any_of_scopes and not set(any_of_scopes) & set(grant.scopes):
            raise ApiError(
                401,
                "scope_not_authorized",
                f"The user did not authorize the scope required: {' or '.join(any_of_scopes)}.",
            )
        if endpoint is not None:
            limit = self.settings.rate_limits.get(endpoint)
            if limit is not None and not self.windows.allow(
                grant.token, endpoint, limit, self.now()
            ):
                raise ApiError(
                    429,
                    "rate_limit_exceeded",
                    f"More than {limit} requests per minute to this endpoint.",
                )
        return grant

    def revoke_open_id(self, open_id: str) -> int:
        """Revoke every token of a creator; returns how many were live."""
        live = 0
        for grant in (*self.state.access.values(), *self.state.refresh.values()):
            if grant.open_id == open_id and not grant.revoked:
                grant.revoked = True
                live += 1
        return live

    # ---- posts on "TikTok" ---------------------------------------------------------

    def new_post_id(self) -> int:
        return POST_ID_BASE + self.state.next_number() * 7919 % 10**18

    def posts_of(self, open_id: str) -> list[TikTokPost]:
        return [p for p in self.state.posts if p.open_id == open_id]

    def direct_posts_last_day(self, open_id: str) -> int:
        since = self.now() - timedelta(hours=24)
        return sum(1 for who, when in self.state.direct_inits if who == open_id and when > since)

    def active_creators_last_day(self) -> set[str]:
        since = self.now() - timedelta(hours=24)
        return {who for who, when in self.state.direct_inits if when > since}

    def pending_shares(self, open_id: str) -> int:
        since = self.now() - timedelta(hours=24)
        return sum(
            1
            for p in self.state.publications.values()
            if p.open_id == open_id and p.pending_share and p.created_at > since
        )
