"""The ads area in PostgreSQL: repositories over the unit of work's connection."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Self

import asyncpg
import attrs

from adapters.postgres import ads_mapping as m
from adapters.postgres.outbox import PgOutbox
from adapters.postgres.repositories import ensure_organisation
from adapters.postgres.session import PgSession
from adapters.postgres.unit_of_work import PgUnitOfWork
from adapters.postgres.versioned import insert_row, row_by_id, versioned_update
from application.errors import Conflict, NotFound
from application.ports import TokenCipher
from domain.ads.account import AdAccount
from domain.ads.custom_audience import CustomAudience
from domain.ads.model import AdObject, CreativeAsset, ObjectKind
from domain.ads.reports import ReportRow


class PgAdAccountRepository:
    def __init__(self, conn: PgSession, cipher: TokenCipher) -> None:
        self.conn, self.cipher = conn, cipher

    async def add(self, account: AdAccount) -> AdAccount:
        await ensure_organisation(self.conn, account.organisation_id)
        stored = attrs.evolve(account, version=1)
        try:
            await self.conn.execute(
                f"INSERT INTO ad_accounts ({m.ACCOUNT_COLUMNS}) VALUES ({m.placeholders(m.ACCOUNT_COLUMNS)})",
                *m.account_values(stored, self.cipher),
            )
        except asyncpg.UniqueViolationError:
            raise Conflict(f"advertiser {account.advertiser_id} is connected already") from None
        return stored

    async def get(self, account_id: str) -> AdAccount:
        row = await self.conn.fetchrow(
            f"SELECT {m.ACCOUNT_COLUMNS} FROM ad_accounts WHERE id = $1", account_id
        )
        if row is None:
            raise NotFound("ad account", account_id)
        return m.account_from(row, self.cipher)

    async def save(self, account: AdAccount) -> AdAccount:
        await versioned_update(
            self.conn,
            "ad_accounts",
            m.ACCOUNT_COLUMNS,
            m.account_values(account, self.cipher),
            "ad account",
        )
        return attrs.evolve(account, version=account.version + 1)

    async def list(self, organisation_id: str) -> Sequence[AdAccount]:
        rows = await self.conn.fetch(
            f"SELECT {m.ACCOUNT_COLUMNS} FROM ad_accounts WHERE organisation_id = $1 ORDER BY connected_at, advertiser_id, id",
            organisation_id,
        )
        return [m.account_from(r, self.cipher) for r in rows]

    async def find(self, organisation_id: str, advertiser_id: str) -> AdAccount | None:
        row = await self.conn.fetchrow(
            f"SELECT {m.ACCOUNT_COLUMNS} FROM ad_accounts WHERE organisation_id = $1 AND advertiser_id = $2",
            organisation_id, advertiser_id,
        )  # fmt: skip
        return m.account_from(row, self.cipher) if row else None

    async def connected(self) -> Sequence[AdAccount]:
        rows = await self.conn.fetch(
            f"SELECT {m.ACCOUNT_COLUMNS} FROM ad_accounts WHERE status = 'connected'"
            " ORDER BY connected_at, advertiser_id, id"
        )
        return [m.account_from(r, self.cipher) for r in rows]

    async def by_advertiser(self, advertiser_id: str) -> Sequence[AdAccount]:
        rows = await self.conn.fetch(
            f"SELECT {m.ACCOUNT_COLUMNS} FROM ad_accounts WHERE advertiser_id = $1 ORDER BY id",
            advertiser_id,
        )
        return [m.account_from(r, self.cipher) for r in rows]


class PgAdObjectRepository:
    def __init__(self, conn: PgSession) -> None:
        self.conn = conn

    async def add(self, obj: AdObject) -> AdObject:
        stored = attrs.evolve(obj, version=1)
        values = m.object_values(stored)
        await insert_row(self.conn, "ad_objects", m.OBJECT_COLUMNS, values, "ads object")
        return stored

    async def get(self, object_id: str) -> AdObject:
        row = await row_by_id(self.conn, "ad_objects", m.OBJECT_COLUMNS, object_id, "ads object")
        return m.object_from(row)

    async def save(self, obj: AdObject) -> AdObject:
        await versioned_update(
            self.conn, "ad_objects", m.OBJECT_COLUMNS, m.object_values(obj), "ads object"
        )
        return attrs.evolve(obj, version=obj.version + 1)

    async def list(
        self, account_id: str, kind: ObjectKind, *, parent_id: str | None = None
    ) -> Sequence[AdObject]:
        rows = await self.conn.fetch(
            f"SELECT {m.OBJECT_COLUMNS} FROM ad_objects WHERE account_id = $1 AND kind = $2"
            " AND ($3::text IS NULL OR parent_id = $3) ORDER BY created_at, id",
            account_id, kind.value, parent_id,
        )  # fmt: skip
        return [m.object_from(r) for r in rows]

    async def find_by_tiktok_id(self, advertiser_id: str, tiktok_id: str) -> Sequence[AdObject]:
        rows = await self.conn.fetch(
            f"SELECT {m.OBJECT_COLUMNS} FROM ad_objects WHERE advertiser_id = $1 AND tiktok_id = $2 ORDER BY id",
            advertiser_id, tiktok_id,
        )  # fmt: skip
        return [m.object_from(r) for r in rows]

    async def unsent_or_unanswered(self, account_id: str) -> Sequence[AdObject]:
        rows = await self.conn.fetch(
            f"SELECT {m.OBJECT_COLUMNS} FROM ad_objects WHERE account_id = $1 AND tiktok_id IS NULL"
            " ORDER BY created_at, id",
            account_id,
        )
        return [m.object_from(r) for r in rows]


class PgCreativeRepository:
    def __init__(self, conn: PgSession) -> None:
        self.conn = conn

    async def add(self, asset: CreativeAsset) -> CreativeAsset:
        values = m.creative_values(asset)
        await insert_row(self.conn, "ad_creatives", m.CREATIVE_COLUMNS, values, "creative")
        return asset

    async def get(self, asset_id: str) -> CreativeAsset:
        row = await row_by_id(self.conn, "ad_creatives", m.CREATIVE_COLUMNS, asset_id, "creative")
        return m.creative_from(row)

    async def save(self, asset: CreativeAsset) -> CreativeAsset:
        done = await self.conn.fetchval(
            "UPDATE ad_creatives SET processed = $2 WHERE id = $1 RETURNING 1",
            asset.id,
            asset.processed,
        )
        if done is None:
            raise NotFound("creative", asset.id)
        return asset

    async def list(self, account_id: str) -> Sequence[CreativeAsset]:
        rows = await self.conn.fetch(
            f"SELECT {m.CREATIVE_COLUMNS} FROM ad_creatives WHERE account_id = $1 ORDER BY created_at, id",
            account_id,
        )
        return [m.creative_from(r) for r in rows]


class PgAdReportRepository:
    def __init__(self, conn: PgSession) -> None:
        self.conn = conn

    async def upsert(self, rows: Sequence[ReportRow]) -> None:
        if not rows:
            return
        await self.conn.executemany(
            "INSERT INTO ad_report_rows (account_id, level, tiktok_id, day, organisation_id, metrics, synced_at)"
            " VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7)"
            " ON CONFLICT (account_id, level, day, tiktok_id)"
            " DO UPDATE SET metrics = EXCLUDED.metrics, synced_at = EXCLUDED.synced_at",
            [m.report_values(r) for r in rows],
        )

    async def list(
        self,
        account_id: str,
        level: ObjectKind,
        *,
        start: date,
        end: date,
        tiktok_id: str | None = None,
    ) -> Sequence[ReportRow]:
        rows = await self.conn.fetch(
            "SELECT account_id, level, tiktok_id, day, organisation_id, metrics::text AS metrics, synced_at"
            " FROM ad_report_rows WHERE account_id = $1 AND level = $2 AND day BETWEEN $3 AND $4"
            " AND ($5::text IS NULL OR tiktok_id = $5) ORDER BY day, tiktok_id",
            account_id, level.value, start, end, tiktok_id,
        )  # fmt: skip
        return [m.report_from(r) for r in rows]


class PgAudienceRepository:
    def __init__(self, conn: PgSession) -> None:
        self.conn = conn

    async def add(self, audience: CustomAudience) -> CustomAudience:
        stored = attrs.evolve(audience, version=1)
        values = m.audience_values(stored)
        await insert_row(self.conn, "custom_audiences", m.AUDIENCE_COLUMNS, values, "audience")
        return stored

    async def get(self, audience_id: str) -> CustomAudience:
        row = await row_by_id(
            self.conn, "custom_audiences", m.AUDIENCE_COLUMNS, audience_id, "audience"
        )
        return m.audience_from(row)

    async def save(self, audience: CustomAudience) -> CustomAudience:
        await versioned_update(
            self.conn,
            "custom_audiences",
            m.AUDIENCE_COLUMNS,
            m.audience_values(audience),
            "audience",
        )
        return attrs.evolve(audience, version=audience.version + 1)

    async def list(self, account_id: str) -> Sequence[CustomAudience]:
        rows = await self.conn.fetch(
            f"SELECT {m.AUDIENCE_COLUMNS} FROM custom_audiences WHERE account_id = $1 ORDER BY created_at, id",
            account_id,
        )
        return [m.audience_from(r) for r in rows]


class PgAdEventLog:
    def __init__(self, conn: PgSession) -> None:
        self.conn = conn

    async def record(self, key: str, *, received_at: datetime) -> bool:
        done = await self.conn.fetchval(
            "INSERT INTO ad_review_events (key, received_at) VALUES ($1, $2)"
            " ON CONFLICT DO NOTHING RETURNING 1",
            key, received_at,
        )  # fmt: skip
        return done is not None


class PgAdsUnitOfWork(PgUnitOfWork):
    """The posting unit of work's session, commit and rollback, with the ads repositories
    (one pooled connection, its transaction begun at the first write: session.py)."""

    async def __aenter__(self) -> Self:
        session = self._session = PgSession(self.pool)
        self.ad_accounts = PgAdAccountRepository(session, self.cipher)
        self.ad_objects = PgAdObjectRepository(session)
        self.creatives = PgCreativeRepository(session)
        self.ad_reports = PgAdReportRepository(session)
        self.audiences = PgAudienceRepository(session)
        self.ad_events = PgAdEventLog(session)
        self.outbox = PgOutbox(session, self.cipher)
        return self


@attrs.frozen
class PgAdsUowFactory:
    pool: asyncpg.Pool
    cipher: TokenCipher

    def __call__(self) -> PgAdsUnitOfWork:
        return PgAdsUnitOfWork(self.pool, self.cipher)
