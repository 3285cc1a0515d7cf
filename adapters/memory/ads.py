"""The ads area in memory: committed tables, and a unit of work that buffers its writes.

Like MemoryUnitOfWork: reads see the unit's own writes, commit checks versions
(optimistic locking) and applies everything at once, leaving the unit rolls back.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from types import TracebackType
from typing import Any, Self

import attrs

from adapters.memory.outbox import MemoryOutbox, MemoryOutboxWrites, OutboxState
from application.errors import Conflict, NotFound
from domain.ads.account import AdAccount
from domain.ads.custom_audience import CustomAudience
from domain.ads.model import AdObject, CreativeAsset, ObjectKind
from domain.ads.reports import ReportRow

ReportKey = tuple[str, ObjectKind, str, date]


@attrs.define
class MemoryAdsStore:
    accounts: dict[str, AdAccount] = attrs.Factory(dict)
    objects: dict[str, AdObject] = attrs.Factory(dict)
    creatives: dict[str, CreativeAsset] = attrs.Factory(dict)
    reports: dict[ReportKey, ReportRow] = attrs.Factory(dict)
    audiences: dict[str, CustomAudience] = attrs.Factory(dict)
    events: dict[str, datetime] = attrs.Factory(dict)
    outgoing: OutboxState = attrs.Factory(OutboxState)  # shared with the main store


_TABLES = ("accounts", "objects", "creatives", "reports", "audiences", "events")


class _Table:
    """One table seen through a unit of work."""

    def __init__(self, uow: MemoryAdsUnitOfWork, name: str, kind: str) -> None:
        self.uow, self.name, self.kind = uow, name, kind

    def committed(self) -> dict[Any, Any]:
        return getattr(self.uow.store, self.name)  # type: ignore[no-any-return]

    def pending(self) -> dict[Any, Any]:
        return self.uow.pending[self.name]

    def rows(self) -> list[Any]:
        return list({**self.committed(), **self.pending()}.values())

    def get(self, key: str) -> Any:
        found = self.pending().get(key, self.committed().get(key))
        if found is None:
            raise NotFound(self.kind, key)
        return found

    def add(self, row: Any) -> Any:
        if row.id in self.committed() or row.id in self.pending():
            raise Conflict(f"{self.kind} {row.id} exists already")
        stored = attrs.evolve(row, version=1)
        self.pending()[row.id] = stored
        self.uow.new.add((self.name, row.id))
        return stored

    def save(self, row: Any) -> Any:
        current = self.get(row.id)
        if current.version != row.version:
            raise Conflict(f"{self.kind} {row.id} was changed by someone else")
        stored = attrs.evolve(row, version=row.version + 1)
        self.pending()[row.id] = stored
        return stored


class MemoryAdAccountRepository:
    def __init__(self, uow: MemoryAdsUnitOfWork) -> None:
        self.t = _Table(uow, "accounts", "ad account")

    async def add(self, account: AdAccount) -> AdAccount:
        if await self.find(account.organisation_id, account.advertiser_id) is not None:
            raise Conflict(f"advertiser {account.advertiser_id} is connected already")
        return self.t.add(account)  # type: ignore[no-any-return]

    async def get(self, account_id: str) -> AdAccount:
        return self.t.get(account_id)  # type: ignore[no-any-return]

    async def save(self, account: AdAccount) -> AdAccount:
        return self.t.save(account)  # type: ignore[no-any-return]

    async def list(self, organisation_id: str) -> Sequence[AdAccount]:
        rows = [a for a in self.t.rows() if a.organisation_id == organisation_id]
        return sorted(rows, key=lambda a: (a.connected_at, a.advertiser_id, a.id))

    async def find(self, organisation_id: str, advertiser_id: str) -> AdAccount | None:
        for a in self.t.rows():
            if a.organisation_id == organisation_id and a.advertiser_id == advertiser_id:
                return a  # type: ignore[no-any-return]
        return None

    async def connected(self) -> Sequence[AdAccount]:
        rows = [a for a in self.t.rows() if a.usable]
        return sorted(rows, key=lambda a: (a.connected_at, a.advertiser_id, a.id))

    async def by_advertiser(self, advertiser_id: str) -> Sequence[AdAccount]:
        return sorted(
            (a for a in self.t.rows() if a.advertiser_id == advertiser_id), key=lambda a: a.id
        )


class MemoryAdObjectRepository:
    def __init__(self, uow: MemoryAdsUnitOfWork) -> None:
        self.t = _Table(uow, "objects", "ads object")

    async def add(self, obj: AdObject) -> AdObject:
        return self.t.add(obj)  # type: ignore[no-any-return]

    async def get(self, object_id: str) -> AdObject:
        return self.t.get(object_id)  # type: ignore[no-any-return]

    async def save(self, obj: AdObject) -> AdObject:
        return self.t.save(obj)  # type: ignore[no-any-return]

    async def list(
        self, account_id: str, kind: ObjectKind, *, parent_id: str | None = None
    ) -> Sequence[AdObject]:
        rows = [
            o
            for o in self.t.rows()
            if o.account_id == account_id
            and o.kind is kind
            and (parent_id is None or o.parent_id == parent_id)
        ]
        return sorted(rows, key=lambda o: (o.created_at, o.id))

    async def find_by_tiktok_id(self, advertiser_id: str, tiktok_id: str) -> Sequence[AdObject]:
        return sorted(
            (
                o
                for o in self.t.rows()
                if o.advertiser_id == advertiser_id and o.tiktok_id == tiktok_id
            ),
            key=lambda o: o.id,
        )

    async def unsent_or_unanswered(self, account_id: str) -> Sequence[AdObject]:
        rows = [o for o in self.t.rows() if o.account_id == account_id and o.tiktok_id is None]
        return sorted(rows, key=lambda o: (o.created_at, o.id))


class MemoryCreativeRepository:
    def __init__(self, uow: MemoryAdsUnitOfWork) -> None:
        self.t = _Table(uow, "creatives", "creative")

    async def add(self, asset: CreativeAsset) -> CreativeAsset:
        if asset.id in self.t.committed() or asset.id in self.t.pending():
            raise Conflict(f"creative {asset.id} exists already")
        self.t.pending()[asset.id] = asset
        return asset

    async def get(self, asset_id: str) -> CreativeAsset:
        return self.t.get(asset_id)  # type: ignore[no-any-return]

    async def save(self, asset: CreativeAsset) -> CreativeAsset:
        self.t.get(asset.id)
        self.t.pending()[asset.id] = asset
        return asset

    async def list(self, account_id: str) -> Sequence[CreativeAsset]:
        rows = [c for c in self.t.rows() if c.account_id == account_id]
        return sorted(rows, key=lambda c: (c.created_at, c.id))


class MemoryAdReportRepository:
    def __init__(self, uow: MemoryAdsUnitOfWork) -> None:
        self.t = _Table(uow, "reports", "report row")

    async def upsert(self, rows: Sequence[ReportRow]) -> None:
        for row in rows:
            self.t.pending()[(row.account_id, row.level, row.tiktok_id, row.day)] = row

    async def list(
        self,
        account_id: str,
        level: ObjectKind,
        *,
        start: date,
        end: date,
        tiktok_id: str | None = None,
    ) -> Sequence[ReportRow]:
        rows = [
            r
            for r in self.t.rows()
            if r.account_id == account_id
            and r.level is level
            and start <= r.day <= end
            and (tiktok_id is None or r.tiktok_id == tiktok_id)
        ]
        return sorted(rows, key=lambda r: (r.day, r.tiktok_id))


class MemoryAudienceRepository:
    def __init__(self, uow: MemoryAdsUnitOfWork) -> None:
        self.t = _Table(uow, "audiences", "audience")

    async def add(self, audience: CustomAudience) -> CustomAudience:
        return self.t.add(audience)  # type: ignore[no-any-return]

    async def get(self, audience_id: str) -> CustomAudience:
        return self.t.get(audience_id)  # type: ignore[no-any-return]

    async def save(self, audience: CustomAudience) -> CustomAudience:
        return self.t.save(audience)  # type: ignore[no-any-return]

    async def list(self, account_id: str) -> Sequence[CustomAudience]:
        rows = [a for a in self.t.rows() if a.account_id == account_id]
        return sorted(rows, key=lambda a: (a.created_at, a.id))


class MemoryAdEventLog:
    def __init__(self, uow: MemoryAdsUnitOfWork) -> None:
        self.uow = uow

    async def record(self, key: str, *, received_at: datetime) -> bool:
        if key in self.uow.store.events or key in self.uow.pending["events"]:
            return False
        self.uow.pending["events"][key] = received_at
        return True


class MemoryAdsUnitOfWork:
    def __init__(self, store: MemoryAdsStore) -> None:
        self.store = store
        self.pending: dict[str, dict[Any, Any]] = {name: {} for name in _TABLES}
        self.new: set[tuple[str, str]] = set()
        self.ad_accounts = MemoryAdAccountRepository(self)
        self.ad_objects = MemoryAdObjectRepository(self)
        self.creatives = MemoryCreativeRepository(self)
        self.ad_reports = MemoryAdReportRepository(self)
        self.audiences = MemoryAudienceRepository(self)
        self.ad_events = MemoryAdEventLog(self)
        self.outgoing_writes = MemoryOutboxWrites()
        self.outbox = MemoryOutbox(store.outgoing, self.outgoing_writes)

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.rollback()

    async def commit(self) -> None:
        for name, rows in self.pending.items():
            committed = getattr(self.store, name)
            for key, row in rows.items():
                if (name, key) in self.new and key in committed:
                    raise Conflict(f"{name} {key} exists already")
                if name == "events" and key in committed:
                    raise Conflict("ad event recorded twice")
                version = getattr(row, "version", None)
                if version and (name, key) not in self.new and name != "creatives":
                    stored = committed.get(key)
                    if stored is None or stored.version != version - 1:
                        raise Conflict(f"{name} {key} was changed by someone else")
        for name, rows in self.pending.items():
            getattr(self.store, name).update(rows)
        self.outgoing_writes.apply(self.store.outgoing)
        await self.rollback()

    async def rollback(self) -> None:
        self.pending = {name: {} for name in _TABLES}
        self.new = set()
        self.outgoing_writes.clear()


@attrs.frozen
class MemoryAdsUowFactory:
    store: MemoryAdsStore

    def __call__(self) -> MemoryAdsUnitOfWork:
        return MemoryAdsUnitOfWork(self.store)
