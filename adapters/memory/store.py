"""An in-memory database: the committed state every MemoryUnitOfWork reads and writes."""

from __future__ import annotations

import asyncio
from collections import defaultdict
from datetime import datetime

import attrs

from adapters.memory.alert_log import AlertRecord
from adapters.memory.business_repositories import BusinessTables
from adapters.memory.outbox import OutboxState
from adapters.memory.sync_jobs import SyncJobState
from application.ports import AlertKey, StoredResponse
from domain.api_key import ApiKey
from domain.channel import Channel
from domain.insights import ChannelInsight, VideoSnapshot
from domain.metrics import AccountSnapshot
from domain.oauth_state import OAuthState
from domain.social_post import SocialPost


@attrs.define
class Lease:
    worker_id: str
    until: datetime


@attrs.define
class MemoryStore:
    """Committed rows. Units of work buffer their writes and apply them here on commit."""

    posts: dict[str, SocialPost] = attrs.Factory(dict)
    channels: dict[str, Channel] = attrs.Factory(dict)
    oauth_states: dict[str, OAuthState] = attrs.Factory(dict)
    video_snapshots: list[VideoSnapshot] = attrs.Factory(list)
    account_snapshots: list[AccountSnapshot] = attrs.Factory(list)
    insights: list[ChannelInsight] = attrs.Factory(list)
    webhook_events: dict[str, datetime] = attrs.Factory(dict)
    leases: dict[str, Lease] = attrs.Factory(dict)
    api_keys: dict[str, ApiKey] = attrs.Factory(dict)
    idempotency: dict[tuple[str, str], StoredResponse] = attrs.Factory(dict)
    business: BusinessTables = attrs.Factory(BusinessTables)  # the Accounts API's rows
    alerts: dict[AlertKey, AlertRecord] = attrs.Factory(dict)
    return_origins: dict[str, tuple[str, ...]] = attrs.Factory(dict)
    channel_locks: defaultdict[str, asyncio.Lock] = attrs.Factory(lambda: defaultdict(asyncio.Lock))
    outgoing: OutboxState = attrs.Factory(OutboxState)
    sync_jobs: SyncJobState = attrs.Factory(SyncJobState)
