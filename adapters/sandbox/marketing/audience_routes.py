"""Custom audiences from hashed customer files: upload, create, append, list, delete, lookalike.

Matching is on hashed ids only: the emulator's "TikTok users" are the SHA-256 of
``user{i}@example.com``; a file's matched count is how many of its lines are among them.
"""

from __future__ import annotations

import hashlib
import re
from datetime import timedelta
from typing import Any

import aiohttp
from aiohttp import web

from adapters.sandbox.marketing.core import MarketingError, MarketingSandbox, json_param
from adapters.sandbox.marketing.endpoint import endpoint, need
from adapters.sandbox.marketing.state import Audience, AudienceFile

routes = web.RouteTableDef()
CALCULATE_TYPES = {"EMAIL_SHA256", "PHONE_SHA256", "IDFA_SHA256", "GAID_SHA256", "IDFA_MD5",
                   "GAID_MD5", "MAID_SHA256", "MAID_MD5", "FIRST_SHA256", "FIRST_MD5",
                   "MULTIPLE_TYPES"}  # fmt: skip
SHA256_HEX = re.compile(rb"[0-9a-f]{64}")
_KNOWN: dict[int, frozenset[bytes]] = {}


def known_users(n: int) -> frozenset[bytes]:
    if n not in _KNOWN:
        _KNOWN[n] = frozenset(
            hashlib.sha256(f"user{i}@example.com".encode()).hexdigest().encode() for i in range(n)
        )
    return _KNOWN[n]


@endpoint(routes, "POST", "/dmp/custom_audience/file/upload/", multipart=True)
async def file_upload(
    request: web.Request, m: MarketingSandbox, body: dict[str, Any]
) -> dict[str, Any]:
    if not request.content_type.startswith("multipart/"):
        raise MarketingError(40002, "multipart/form-data is required.")
    fields: dict[str, str] = {}
    md5 = hashlib.md5(usedforsecurity=False)
    lines = matched = unhashed = 0
    known = known_users(m.settings.known_emails)
    carry = b""
    reader = await request.multipart()
    while (part := await reader.next()) is not None:
        assert isinstance(part, aiohttp.BodyPartReader)
        if part.name != "file":
            fields[part.name or ""] = await part.text()
            continue
        while chunk := await part.read_chunk(1 << 16):
            md5.update(chunk)
            data = carry + chunk
            *complete, carry = data.split(b"\n")
            for line in complete:
                if line:
                    lines += 1
                    matched += line in known
                    unhashed += SHA256_HEX.fullmatch(line) is None
        if carry:
            lines += 1
            matched += carry in known
            unhashed += SHA256_HEX.fullmatch(carry) is None
    m.authorise(request, fields.get("advertiser_id") or None)
    need(fields, "advertiser_id", "calculate_type", "file_signature")
    if fields["calculate_type"] not in CALCULATE_TYPES:
        raise MarketingError(40002, "calculate_type is invalid.")
    if not fields.get("file_name", "").endswith((".csv", ".txt")):
        raise MarketingError(40002, "file_name must end in .csv or .txt.")
    if fields["file_signature"].lower() != md5.hexdigest():
        raise MarketingError(40002, "file_signature does not match the file's MD5.")
    m.state.unhashed_lines_seen += unhashed
    path = f"dmp/{fields['advertiser_id']}/{m.state.new_id(23)}.csv"
    m.state.files[path] = AudienceFile(path, fields["advertiser_id"], fields["calculate_type"],
                                       lines, matched, md5.hexdigest())  # fmt: skip
    return {"file_path": path}


def _files(m: MarketingSandbox, body: dict[str, Any]) -> list[AudienceFile]:
    paths = body.get("file_paths") or []
    found = []
    for path in paths:
        f = m.state.files.get(path)
        if f is None or f.advertiser_id != str(body["advertiser_id"]):
            raise MarketingError(40007, f"file_path {path} does not exist.")
        if f.calculate_type != body.get("calculate_type"):
            raise MarketingError(40002, "calculate_type must match every file.")
        found.append(f)
    return found


def _own(m: MarketingSandbox, advertiser: str, audience_id: object) -> Audience:
    a = m.state.audiences.get(str(audience_id))
    if a is None or a.advertiser_id != advertiser or a.deleted:
        raise MarketingError(40007, f"custom_audience_id {audience_id} does not exist.")
    return a


@endpoint(routes, "POST", "/dmp/custom_audience/create/")
async def create(request: web.Request, m: MarketingSandbox, body: dict[str, Any]) -> dict[str, Any]:
    need(body, "advertiser_id", "custom_audience_name", "file_paths", "calculate_type")
    if len(str(body["custom_audience_name"])) > 128:
        raise MarketingError(40002, "custom_audience_name is at most 128 characters.")
    _files(m, body)
    a = Audience(m.state.new_id(24), str(body["advertiser_id"]), str(body["custom_audience_name"]),
                 str(body["calculate_type"]), list(body["file_paths"]), m.now())  # fmt: skip
    m.state.audiences[a.id] = a
    return {"custom_audience_id": a.id}


@endpoint(routes, "POST", "/dmp/custom_audience/update/")
async def update(request: web.Request, m: MarketingSandbox, body: dict[str, Any]) -> dict[str, Any]:
    need(body, "advertiser_id", "custom_audience_id", "file_paths")
    a = _own(m, str(body["advertiser_id"]), body["custom_audience_id"])
    _files(m, {**body, "calculate_type": body.get("calculate_type", a.calculate_type)})
    a.file_paths.extend(body["file_paths"])
    a.created_at = m.now()  # recalculated
    return {}


def _describe(m: MarketingSandbox, a: Audience) -> dict[str, Any]:
    ready = m.now() - a.created_at >= timedelta(seconds=m.settings.audience_processing_s)
    if a.lookalike_of is not None:
        source = m.state.audiences.get(a.lookalike_of)
        size = 10 * sum(m.state.files[p].matched for p in source.file_paths) if source else 0
    else:
        size = sum(m.state.files[p].matched for p in a.file_paths)
    return {"custom_audience_id": a.id, "name": a.name, "calculate_type": a.calculate_type,
            "is_valid": ready, "cover_num": size if ready else None,
            "audience_type": "LOOKALIKE" if a.lookalike_of else "CUSTOMER_FILE"}  # fmt: skip


@endpoint(routes, "GET", "/dmp/custom_audience/list/")
async def listing(
    request: web.Request, m: MarketingSandbox, body: dict[str, Any]
) -> dict[str, Any]:
    advertiser = request.query.get("advertiser_id", "")
    wanted = {str(i) for i in json_param(request, "custom_audience_ids", []) or []}
    found = [a for a in m.state.audiences.values() if a.advertiser_id == advertiser and not a.deleted
             and (not wanted or a.id in wanted)]  # fmt: skip
    return {"list": [_describe(m, a) for a in found],
            "page_info": {"page": 1, "page_size": len(found), "total_number": len(found)}}  # fmt: skip


@endpoint(routes, "POST", "/dmp/custom_audience/delete/")
async def delete(request: web.Request, m: MarketingSandbox, body: dict[str, Any]) -> dict[str, Any]:
    need(body, "advertiser_id", "custom_audience_ids")
    for audience_id in body["custom_audience_ids"]:
        _own(m, str(body["advertiser_id"]), audience_id).deleted = True
    return {}


@endpoint(routes, "POST", "/dmp/custom_audience/lookalike/create/")
async def lookalike(
    request: web.Request, m: MarketingSandbox, body: dict[str, Any]
) -> dict[str, Any]:
    need(body, "advertiser_id", "custom_audience_name", "source_audience_id", "lookalike_spec")
    source = _own(m, str(body["advertiser_id"]), body["source_audience_id"])
    if not (body["lookalike_spec"] or {}).get("location_ids"):
        raise MarketingError(40002, "lookalike_spec.location_ids is required.")
    a = Audience(m.state.new_id(24), source.advertiser_id, str(body["custom_audience_name"]),
                 source.calculate_type, [], m.now(), lookalike_of=source.id)  # fmt: skip
    m.state.audiences[a.id] = a
    return {"custom_audience_id": a.id}
