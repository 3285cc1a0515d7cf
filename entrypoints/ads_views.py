"""JSON shapes of ads records for the API and the CLI's --json (tokens never appear)."""

from __future__ import annotations

from typing import Any

import attrs

from application.use_cases.ads.list_audiences import AudienceView
from domain.ads.account import AdAccount
from domain.ads.custom_audience import CustomAudience
from domain.ads.model import AdObject, CreativeAsset
from domain.ads.reports import ReportRow


def _iso(value: Any) -> Any:
    return value.isoformat() if value is not None else None


def account_view(a: AdAccount) -> dict[str, Any]:
    return {"id": a.id, "advertiser_id": a.advertiser_id, "name": a.name, "currency": a.currency,
            "timezone": a.timezone, "status": a.status.value, "connected_at": _iso(a.connected_at),
            "revoked_at": _iso(a.revoked_at), "revoke_reason": a.revoke_reason}  # fmt: skip


def _spec(obj: AdObject) -> dict[str, Any]:
    def conv(v: Any) -> Any:
        if isinstance(v, tuple | list):
            return [conv(x) for x in v]
        if hasattr(v, "isoformat"):
            return v.isoformat()
        if attrs.has(type(v)):
            return {k: conv(x) for k, x in attrs.asdict(v, recurse=False).items()}
        if hasattr(v, "value"):
            return v.value
        return str(v) if v is not None and not isinstance(v, str | int | bool) else v

    return conv(obj.spec)  # type: ignore[no-any-return]


def object_view(o: AdObject) -> dict[str, Any]:
    return {
        "id": o.id, "kind": o.kind.value, "account_id": o.account_id, "parent_id": o.parent_id,
        "tiktok_id": o.tiktok_id, "status": o.status.value,
        "state": "created" if o.tiktok_id else ("sending" if o.create_sent_at else "new"),
        "review": {"status": o.review.status.value, "reasons": list(o.review.reasons),
                   "at": _iso(o.review.at)},
        "spec": _spec(o), "created_at": _iso(o.created_at), "updated_at": _iso(o.updated_at),
    }  # fmt: skip


def creative_view(c: CreativeAsset) -> dict[str, Any]:
    return {"id": c.id, "kind": c.kind, "tiktok_id": c.tiktok_id, "signature": c.signature,
            "size_bytes": c.size_bytes, "source": c.source, "processed": c.processed}  # fmt: skip


def report_view(r: ReportRow) -> dict[str, Any]:
    return {"level": r.level.value, "tiktok_id": r.tiktok_id, "day": r.day.isoformat(),
            "metrics": r.metrics.as_strings(), "synced_at": _iso(r.synced_at)}  # fmt: skip


def audience_view(a: CustomAudience, remote: Any = None) -> dict[str, Any]:
    view = {"id": a.id, "name": a.name, "kind": a.kind.value if a.kind else None,
            "tiktok_id": a.tiktok_id, "identifiers": a.identifiers, "rejected": a.rejected,
            "files": len(a.file_paths), "signatures": list(a.signatures),
            "lookalike_of": a.lookalike_of, "status": a.status.value}  # fmt: skip
    if remote is not None:
        view["matched"] = remote.matched
        view["ready"] = remote.is_valid
    return view


def audience_list_view(views: list[AudienceView]) -> list[dict[str, Any]]:
    return [audience_view(v.audience, v.remote) for v in views]
