"""What the emulated Accounts API holds: accounts, grants, videos with their lifetime
metrics, comments, webhook configuration and the deliveries sent."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta

import attrs

from adapters.sandbox.business.settings import AccountSeed, hash_of

ITEM_ID_BASE = 7_400_000_000_000_000_000  # ids beyond 2**53: strings on the wire
SOURCES = ("For You", "Follow", "Personal Profile", "Search", "Sound", "Others")
HOURS_PEAK = (12, 18, 19, 20)


@attrs.define
class Grant:
    token: str
    business_id: str
    scopes: tuple[str, ...]
    expires_at: datetime
    revoked: bool = False


@attrs.define
class Code:
    code: str
    business_id: str
    redirect_uri: str
    expires_at: datetime


@attrs.define
class Video:
    item_id: str
    business_id: str
    create_time: datetime
    caption: str
    duration: float
    views: int
    likes: int
    comments: int
    shares: int
    reach: int
    total_time_watched: float
    full_video_watched_rate: float
    new_followers: int
    sources: tuple[tuple[str, float], ...]
    last_activity: datetime

    @property
    def average_time_watched(self) -> float:
        return round(self.total_time_watched / self.views, 3) if self.views else 0.0


@attrs.define
class Comment:
    comment_id: str
    video_id: str
    business_id: str
    create_time: datetime
    text: str
    username: str
    display_name: str
    owner: bool = False
    parent_comment_id: str | None = None
    status: str = "PUBLIC"  # PUBLIC | HIDDEN
    deleted: bool = False
    likes: int = 0


@attrs.define
class Delivery:
    event: str
    body: str
    due_at: float  # loop time
    attempts: int = 0
    delivered: bool = False
    last_status: int | None = None


@attrs.define
class BusinessState:
    accounts: dict[str, AccountSeed] = attrs.Factory(dict)  # by business_id
    codes: dict[str, Code] = attrs.Factory(dict)
    access: dict[str, Grant] = attrs.Factory(dict)
    refresh: dict[str, Grant] = attrs.Factory(dict)
    videos: dict[str, Video] = attrs.Factory(dict)  # by item_id
    comments: dict[str, Comment] = attrs.Factory(dict)  # by comment_id
    webhooks: dict[str, str] = attrs.Factory(dict)  # event_type -> callback_url
    deliveries: list[Delivery] = attrs.Factory(list)
    replies_created: int = 0
    rate_limited: int = 0  # 40100 answers given
    calls: int = 0
    counter: int = 0

    def next_number(self) -> int:
        self.counter += 1
        return self.counter

    def videos_of(self, business_id: str) -> list[Video]:
        return sorted(
            (v for v in self.videos.values() if v.business_id == business_id),
            key=lambda v: (v.create_time, v.item_id),
            reverse=True,
        )

    def account_by_username(self, username: str) -> AccountSeed | None:
        return next((a for a in self.accounts.values() if a.username == username), None)


def seed_videos(state: BusinessState, account: AccountSeed, *, now: datetime, seed: int) -> None:
    """Videos over ``history_days`` with lifetime metrics, deterministic from the seed.
    Completion improves week by week so a trend exists to be found."""
    rng = random.Random(f"{seed}:{account.username}")
    count = account.history_days * account.videos_per_week // 7
    for n in range(count):
        age_days = (n + 0.5) * account.history_days / max(count, 1)
        created = (now - timedelta(days=age_days)).replace(
            hour=rng.choice((9, 12, 18, 20)), minute=0, second=0, microsecond=0
        )
        if created > now - timedelta(hours=1):
            created -= timedelta(days=1)
        views = rng.randint(800, 20_000)
        duration = rng.choice((9.5, 14.2, 22.0, 35.4, 48.0, 75.3))
        rate = round(max(0.02, min(0.9, 0.45 - age_days * 0.004 + rng.uniform(-0.05, 0.05))), 4)
        avg = duration * (0.35 + rate * 0.6)
        weights = [rng.random() + (3 if i == 0 else 0) for i in range(len(SOURCES))]
        total = sum(weights)
        inactive = n % 5 == 4 and age_days > 14  # no activity lately: fields emptied
        number = state.next_number()
        video = Video(
            str(ITEM_ID_BASE + number * 7919),
            account.business_id,
            created,
            f"Business video {n + 1} #launch #tips",
            duration,
            views,
            views // rng.randint(8, 20),
            views // rng.randint(60, 200),
            views // rng.randint(100, 400),
            int(views * rng.uniform(0.6, 0.9)),
            round(avg * views, 3),
            rate,
            views // rng.randint(150, 600),
            tuple(
                sorted(
                    ((s, round(w / total, 4)) for s, w in zip(SOURCES, weights, strict=True)),
                    key=lambda p: -p[1],
                )
            ),
            created + timedelta(days=2) if inactive else now - timedelta(hours=3),
        )
        state.videos[video.item_id] = video
        for c in range(account.seed_comments):
            add_comment(
                state, video, created + timedelta(minutes=c + 1), f"Nice one {c}", f"fan{c}"
            )


def add_comment(
    state: BusinessState,
    video: Video,
    at: datetime,
    text: str,
    username: str,
    *,
    parent: str | None = None,
    owner: bool = False,
    likes: int = 0,
) -> Comment:
    number = state.next_number()
    comment = Comment(
        str(ITEM_ID_BASE + 5 * 10**15 + number * 104_729),
        video.item_id,
        video.business_id,
        at,
        text,
        username,
        username.replace("_", " ").title(),
        owner,
        parent,
        likes=likes,
    )
    state.comments[comment.comment_id] = comment
    video.last_activity = max(video.last_activity, at)
    return comment


def day_metrics(account: AccountSeed, day: date, seed: int) -> dict[str, object]:
    """One day's ``metrics[]`` entry, deterministic; Business-only fields for Business
    accounts, audience activity only with 100+ followers."""
    rng = random.Random(f"{seed}:{account.business_id}:{day.isoformat()}")
    views = rng.randint(500, 9000)
    row: dict[str, object] = {
        "date": day.isoformat(),
        "video_views": views,
        "profile_views": views // rng.randint(10, 30),
        "likes": views // rng.randint(8, 15),
        "comments": views // rng.randint(80, 200),
        "shares": views // rng.randint(100, 300),
        "followers_count": account.followers,
    }
    if account.is_business_account:
        gained, lost = rng.randint(0, 40), rng.randint(0, 10)
        row |= {
            "unique_video_views": int(views * rng.uniform(0.5, 0.8)),
            "daily_new_followers": gained,
            "daily_lost_followers": lost,
            "daily_total_followers": gained - lost,
            "engaged_audience": views // rng.randint(20, 50),
        }
        if account.followers >= 100:
            row["audience_activity"] = [
                {"hour": str(h), "count": int(rng.randint(10, 60) * (4 if h in HOURS_PEAK else 1))}
                for h in range(24)
            ]
    return row


def demographics(account: AccountSeed) -> dict[str, object]:
    rng = random.Random(hash_of(account.business_id))
    ages = ("18-24", "25-34", "35-44", "45-54", "55+")
    weights = [rng.random() for _ in ages]
    return {
        "audience_ages": [
            {"age": a, "percentage": round(w / sum(weights), 4)}
            for a, w in zip(ages, weights, strict=True)
        ],
        "audience_genders": [
            {"gender": "Female", "percentage": 0.56},
            {"gender": "Male", "percentage": 0.41},
            {"gender": "Other", "percentage": 0.03},
        ],
        "audience_countries": [
            {"country": "US", "percentage": 0.48},
            {"country": "GB", "percentage": 0.17},
            {"country": "DE", "percentage": 0.09},
        ],
    }


def account_created(account: AccountSeed, now: datetime) -> date:
    return (now - timedelta(days=account.history_days + 30)).astimezone(UTC).date()
