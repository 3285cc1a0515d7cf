"""Ads rows <-> ads domain objects. A cattrs converter private to this module turns specs
into JSONB and back; access tokens pass through the cipher, never stored in clear."""

from __future__ import annotations

import json
from datetime import datetime
from decimal import Decimal
from typing import Any

import asyncpg
import cattrs

from application.ports import Ciphertext, TokenCipher
from domain.ads.account import AccountStatus, AdAccount
from domain.ads.audience import IdentifierKind
from domain.ads.custom_audience import AudienceStatus, CustomAudience
from domain.ads.model import (
    AdGroupSpec,
    AdObject,
    AdSpec,
    CampaignSpec,
    CreativeAsset,
    ObjectKind,
    OperationStatus,
    Review,
    ReviewStatus,
)
from domain.ads.reports import AdMetrics, ReportRow
from domain.secret import Secret

_c = cattrs.Converter()
_c.register_unstructure_hook(Decimal, str)
_c.register_structure_hook(Decimal, lambda v, _: Decimal(v))
_c.register_unstructure_hook(datetime, lambda d: d.isoformat())
_c.register_structure_hook(datetime, lambda v, _: datetime.fromisoformat(v))
SPEC_TYPE = {
    ObjectKind.CAMPAIGN: CampaignSpec,
    ObjectKind.AD_GROUP: AdGroupSpec,
    ObjectKind.AD: AdSpec,
}

ACCOUNT_COLUMNS = (
    "id, organisation_id, advertiser_id, name, token_key_id, access_token_ct, connected_at,"
    " currency, timezone, status, revoked_at, revoke_reason, version"
)
OBJECT_COLUMNS = (
    "id, organisation_id, account_id, advertiser_id, kind, parent_id, tiktok_id, request_id,"
    " create_sent_at, status, review_status, review_reasons, review_at, spec, created_at,"
    " updated_at, version"
)
CREATIVE_COLUMNS = (
    "id, organisation_id, account_id, kind, tiktok_id, signature, size_bytes, source,"
    " created_at, processed"
)
AUDIENCE_COLUMNS = (
    "id, organisation_id, account_id, name, kind, tiktok_id, file_paths, signatures,"
    " identifiers, rejected, lookalike_of, status, created_at, version"
)


def placeholders(columns: str, start: int = 1) -> str:
    n = len(columns.split(","))
    return ", ".join(f"${i}" for i in range(start, start + n))


def account_values(a: AdAccount, cipher: TokenCipher) -> tuple[Any, ...]:
    sealed = cipher.encrypt(a.access_token.reveal())
    return (a.id, a.organisation_id, a.advertiser_id, a.name, sealed.key_id, sealed.data,
            a.connected_at, a.currency, a.timezone, a.status.value, a.revoked_at,
            a.revoke_reason, a.version)  # fmt: skip


def account_from(row: asyncpg.Record, cipher: TokenCipher) -> AdAccount:
    token = cipher.decrypt(Ciphertext(row["token_key_id"], bytes(row["access_token_ct"])))
    return AdAccount(
        id=row["id"], organisation_id=row["organisation_id"], advertiser_id=row["advertiser_id"],
        name=row["name"], access_token=Secret(token), connected_at=row["connected_at"],
        currency=row["currency"], timezone=row["timezone"], status=AccountStatus(row["status"]),
        revoked_at=row["revoked_at"], revoke_reason=row["revoke_reason"], version=row["version"],
    )  # fmt: skip


def object_values(o: AdObject) -> tuple[Any, ...]:
    return (o.id, o.organisation_id, o.account_id, o.advertiser_id, o.kind.value, o.parent_id,
            o.tiktok_id, o.request_id, o.create_sent_at, o.status.value, o.review.status.value,
            json.dumps(list(o.review.reasons)), o.review.at,
            json.dumps(_c.unstructure(o.spec)), o.created_at, o.updated_at, o.version)  # fmt: skip


def object_from(row: asyncpg.Record) -> AdObject:
    kind = ObjectKind(row["kind"])
    return AdObject(
        id=row["id"], organisation_id=row["organisation_id"], account_id=row["account_id"],
        advertiser_id=row["advertiser_id"],
        spec=_c.structure(json.loads(row["spec"]), SPEC_TYPE[kind]),
        created_at=row["created_at"], parent_id=row["parent_id"], tiktok_id=row["tiktok_id"],
        request_id=row["request_id"], create_sent_at=row["create_sent_at"],
        status=OperationStatus(row["status"]),
        review=Review(ReviewStatus(row["review_status"]), tuple(json.loads(row["review_reasons"])),
                      row["review_at"]),
        updated_at=row["updated_at"], version=row["version"],
    )  # fmt: skip


def creative_values(c: CreativeAsset) -> tuple[Any, ...]:
    return (c.id, c.organisation_id, c.account_id, c.kind, c.tiktok_id, c.signature,
            c.size_bytes, c.source, c.created_at, c.processed)  # fmt: skip


def creative_from(row: asyncpg.Record) -> CreativeAsset:
    return CreativeAsset(**{k: row[k] for k in CREATIVE_COLUMNS.replace(" ", "").split(",")})


def report_values(r: ReportRow) -> tuple[Any, ...]:
    return (r.account_id, r.level.value, r.tiktok_id, r.day, r.organisation_id,
            json.dumps(r.metrics.as_strings()), r.synced_at)  # fmt: skip


def report_from(row: asyncpg.Record) -> ReportRow:
    return ReportRow(
        organisation_id=row["organisation_id"], account_id=row["account_id"],
        level=ObjectKind(row["level"]), tiktok_id=row["tiktok_id"], day=row["day"],
        metrics=AdMetrics.from_strings(json.loads(row["metrics"])), synced_at=row["synced_at"],
    )  # fmt: skip


def audience_values(a: CustomAudience) -> tuple[Any, ...]:
    return (a.id, a.organisation_id, a.account_id, a.name, a.kind.value if a.kind else None,
            a.tiktok_id, json.dumps(list(a.file_paths)), json.dumps(list(a.signatures)),
            a.identifiers, a.rejected, a.lookalike_of, a.status.value, a.created_at,
            a.version)  # fmt: skip


def audience_from(row: asyncpg.Record) -> CustomAudience:
    return CustomAudience(
        id=row["id"], organisation_id=row["organisation_id"], account_id=row["account_id"],
        name=row["name"], created_at=row["created_at"],
        kind=IdentifierKind(row["kind"]) if row["kind"] else None, tiktok_id=row["tiktok_id"],
        file_paths=tuple(json.loads(row["file_paths"])),
        signatures=tuple(json.loads(row["signatures"])), identifiers=row["identifiers"],
        rejected=row["rejected"], lookalike_of=row["lookalike_of"],
        status=AudienceStatus(row["status"]), version=row["version"],
    )  # fmt: skip
