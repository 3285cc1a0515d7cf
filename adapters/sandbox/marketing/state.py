"""What the Marketing emulator remembers: tokens, advertisers, objects, files, audiences."""

from __future__ import annotations

import itertools
from datetime import datetime
from typing import Any

import attrs


@attrs.define
class Obj:
    """A campaign, ad group or ad: TikTok's fields as a dict, plus what the emulator needs."""

    kind: str  # "campaign" | "adgroup" | "ad"
    id: str
    advertiser_id: str
    fields: dict[str, Any]
    created_at: datetime
    parent_id: str | None = None
    campaign_id: str | None = None
    operation_status: str = "ENABLE"
    review: str = "AUDIT"  # AUDIT | APPROVED | DENIED
    reject_reason: str = ""
    reviewed_at: datetime | None = None
    notified: bool = False


@attrs.define
class Video:
    id: str
    advertiser_id: str
    signature: str
    size: int
    created_at: datetime
    file_name: str


@attrs.define
class AudienceFile:
    path: str
    advertiser_id: str
    calculate_type: str
    lines: int
    matched: int
    signature: str


@attrs.define
class Audience:
    id: str
    advertiser_id: str
    name: str
    calculate_type: str
    file_paths: list[str]
    created_at: datetime
    lookalike_of: str | None = None
    deleted: bool = False


@attrs.define
class Subscription:
    id: str
    entity: str
    advertiser_id: str
    object_id: str
    callback_url: str


@attrs.define
class MarketingState:
    auth_codes: dict[str, list[str]] = attrs.Factory(dict)  # code -> advertiser ids
    tokens: dict[str, list[str]] = attrs.Factory(dict)  # token -> advertiser ids
    objects: dict[str, Obj] = attrs.Factory(dict)
    request_ids: dict[tuple[str, str, str], str] = attrs.Factory(dict)  # adv, kind, key -> id
    videos: dict[str, Video] = attrs.Factory(dict)
    images: dict[str, Video] = attrs.Factory(dict)
    files: dict[str, AudienceFile] = attrs.Factory(dict)
    audiences: dict[str, Audience] = attrs.Factory(dict)
    subscriptions: dict[str, Subscription] = attrs.Factory(dict)
    deliveries: list[dict[str, Any]] = attrs.Factory(list)
    unhashed_lines_seen: int = 0  # audience lines that were not SHA-256 hex
    creates: dict[str, int] = attrs.Factory(lambda: {"campaign": 0, "adgroup": 0, "ad": 0})
    counter: itertools.count[int] = attrs.Factory(lambda: itertools.count(1))

    def new_id(self, prefix: int) -> str:
        return str(prefix * 10**15 + next(self.counter))

    def of_kind(self, kind: str, advertiser_id: str) -> list[Obj]:
        return [
            o for o in self.objects.values() if o.kind == kind and o.advertiser_id == advertiser_id
        ]
