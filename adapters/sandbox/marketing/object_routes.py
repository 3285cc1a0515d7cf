"""Campaigns, ad groups and ads: create (request_id de-duplication), get, update, status."""

from __future__ import annotations

from typing import Any

from aiohttp import web

from adapters.sandbox.marketing.core import MarketingError, MarketingSandbox, json_param
from adapters.sandbox.marketing.endpoint import endpoint, need
from adapters.sandbox.marketing.state import Obj

routes = web.RouteTableDef()
ID_PREFIX = {"campaign": 17, "adgroup": 18, "ad": 19}
ID_FIELD = {"campaign": "campaign_id", "adgroup": "adgroup_id", "ad": "ad_id"}
NAME_FIELD = {"campaign": "campaign_name", "adgroup": "adgroup_name", "ad": "ad_name"}
OBJECTIVES = {"REACH", "TRAFFIC", "VIDEO_VIEWS", "LEAD_GENERATION", "APP_PROMOTION", "ENGAGEMENT",
              "PRODUCT_SALES"}  # fmt: skip
BUDGET_MODES = {"BUDGET_MODE_DAY", "BUDGET_MODE_TOTAL", "BUDGET_MODE_INFINITE",
                "BUDGET_MODE_DYNAMIC_DAILY_BUDGET"}  # fmt: skip
IDENTITIES = {"CUSTOMIZED_USER", "AUTH_CODE", "TT_USER", "BC_AUTH_TT"}
MAX_ADS_PER_GROUP = 20  # unconfirmed number (docs/sandbox.md)


def _dedup(m: MarketingSandbox, kind: str, body: dict[str, Any]) -> str | None:
    key = body.get("request_id")
    if key is None:
        return None
    if not str(key).isdigit() or int(key) >= 2**63:
        raise MarketingError(40002, "request_id must be a 64-bit integer as a string.")
    return m.state.request_ids.get((str(body["advertiser_id"]), kind, str(key)))


def _remember(m: MarketingSandbox, kind: str, body: dict[str, Any], obj_id: str) -> None:
    if body.get("request_id") is not None:
        m.state.request_ids[(str(body["advertiser_id"]), kind, str(body["request_id"]))] = obj_id


def _new(m: MarketingSandbox, kind: str, body: dict[str, Any], **kw: Any) -> Obj:
    fields = {k: v for k, v in body.items() if k not in ("advertiser_id", "request_id")}
    obj = Obj(kind, m.state.new_id(ID_PREFIX[kind]), str(body["advertiser_id"]), fields,
              m.now(), operation_status=str(body.get("operation_status", "ENABLE")), **kw)  # fmt: skip
    if kind == "campaign":
        obj.review = "APPROVED"
    m.state.objects[obj.id] = obj
    m.state.creates[kind] += 1
    return obj


def _own(m: MarketingSandbox, kind: str, advertiser_id: str, obj_id: object) -> Obj:
    obj = m.state.objects.get(str(obj_id))
    if obj is None or obj.kind != kind or obj.advertiser_id != advertiser_id:
        raise MarketingError(40007, f"{ID_FIELD[kind]} {obj_id} does not exist.")
    return obj


def _budget(body: dict[str, Any]) -> None:
    mode = body.get("budget_mode", "BUDGET_MODE_INFINITE")
    if mode not in BUDGET_MODES:
        raise MarketingError(40002, f"budget_mode {mode} is invalid.")
    if mode != "BUDGET_MODE_INFINITE" and not body.get("budget"):
        raise MarketingError(40002, "budget is required with this budget_mode.")


@endpoint(routes, "POST", "/campaign/create/")
async def campaign_create(
    request: web.Request, m: MarketingSandbox, body: dict[str, Any]
) -> dict[str, Any]:
    need(body, "advertiser_id", "campaign_name", "objective_type")
    if (first := _dedup(m, "campaign", body)) is not None:
        return {"campaign_id": first}
    if body["objective_type"] not in OBJECTIVES:
        raise MarketingError(40002, f"objective_type {body['objective_type']} is invalid.")
    _budget(body)
    obj = _new(m, "campaign", body)
    obj.campaign_id = obj.id
    _remember(m, "campaign", body, obj.id)
    return {"campaign_id": obj.id}


@endpoint(routes, "POST", "/adgroup/create/")
async def adgroup_create(
    request: web.Request, m: MarketingSandbox, body: dict[str, Any]
) -> dict[str, Any]:
    need(body, "advertiser_id", "campaign_id", "adgroup_name", "budget_mode", "schedule_type",
         "schedule_start_time", "optimization_goal", "billing_event")  # fmt: skip
    if (first := _dedup(m, "adgroup", body)) is not None:
        return {"adgroup_id": first}
    campaign = _own(m, "campaign", str(body["advertiser_id"]), body["campaign_id"])
    _budget(body)
    if body["schedule_type"] == "SCHEDULE_START_END" and not body.get("schedule_end_time"):
        raise MarketingError(40002, "schedule_end_time is required with SCHEDULE_START_END.")
    obj = _new(m, "adgroup", body, parent_id=campaign.id, campaign_id=campaign.id)
    _remember(m, "adgroup", body, obj.id)
    return {"adgroup_id": obj.id}


@endpoint(routes, "POST", "/ad/create/")
async def ad_create(
    request: web.Request, m: MarketingSandbox, body: dict[str, Any]
) -> dict[str, Any]:
    need(body, "advertiser_id", "adgroup_id", "creatives")
    group = _own(m, "adgroup", str(body["advertiser_id"]), body["adgroup_id"])
    ids = []
    for creative in body["creatives"]:
        need(creative, "ad_name", "ad_format", "ad_text", "identity_type", "identity_id")
        if creative["identity_type"] not in IDENTITIES:
            raise MarketingError(40002, f"identity_type {creative['identity_type']} is invalid.")
        spark = creative["identity_type"] != "CUSTOMIZED_USER"
        if spark and not (creative.get("tiktok_item_id") or creative.get("video_id")):
            raise MarketingError(40002, "tiktok_item_id is required for this identity_type.")
        if not spark and not (creative.get("video_id") or creative.get("image_ids")):
            raise MarketingError(40002, "video_id or image_ids is required.")
        if creative.get("video_id") and creative["video_id"] not in m.state.videos:
            raise MarketingError(40007, f"video_id {creative['video_id']} does not exist.")
        in_group = [
            o for o in m.state.objects.values() if o.kind == "ad" and o.parent_id == group.id
        ]
        if len(in_group) >= MAX_ADS_PER_GROUP:
            raise MarketingError(40502, "The maximum ad limit has been reached.")
        fields = {"advertiser_id": body["advertiser_id"], **creative}
        obj = _new(m, "ad", fields, parent_id=group.id, campaign_id=group.campaign_id)
        ids.append(obj.id)
    return {"ad_ids": ids}


def _describe(m: MarketingSandbox, obj: Obj) -> dict[str, Any]:
    out = {**obj.fields, ID_FIELD[obj.kind]: obj.id, "advertiser_id": obj.advertiser_id,
           "operation_status": obj.operation_status,
           "create_time": obj.created_at.strftime("%Y-%m-%d %H:%M:%S")}  # fmt: skip
    if obj.kind != "campaign":
        out["campaign_id"] = obj.campaign_id
    if obj.kind == "ad":
        out["adgroup_id"] = obj.parent_id
    secondary = m.secondary_status(obj)
    if secondary is not None:
        out["secondary_status"] = secondary
    if obj.reject_reason:
        out["reject_reasons"] = [obj.reject_reason]
    return out


def _get(kind: str) -> Any:
    async def get(
        request: web.Request, m: MarketingSandbox, body: dict[str, Any]
    ) -> dict[str, Any]:
        advertiser = request.query.get("advertiser_id", "")
        filtering = json_param(request, "filtering", {}) or {}
        page = int(request.query.get("page", "1"))
        size = min(int(request.query.get("page_size", "10")), 1000)
        m.settle_reviews()
        found = [o for o in m.state.of_kind(kind, advertiser) if o.operation_status != "DELETE"
                 or filtering.get("primary_status") == "STATUS_ALL"]  # fmt: skip
        wanted = filtering.get(f"{ID_FIELD[kind]}s")
        if wanted:
            found = [o for o in found if o.id in {str(i) for i in wanted}]
        if kind != "campaign" and filtering.get("campaign_ids"):
            found = [
                o for o in found if o.campaign_id in {str(i) for i in filtering["campaign_ids"]}
            ]
        if kind == "ad" and filtering.get("adgroup_ids"):
            found = [o for o in found if o.parent_id in {str(i) for i in filtering["adgroup_ids"]}]
        total = len(found)
        chunk = found[(page - 1) * size : page * size]
        return {
            "list": [_describe(m, o) for o in chunk],
            "page_info": {"page": page, "page_size": size, "total_number": total,
                          "total_page": max(1, -(-total // size))},
        }  # fmt: skip

    return get


for _kind in ("campaign", "adgroup", "ad"):
    endpoint(routes, "GET", f"/{_kind}/get/")(_get(_kind))


def _update(kind: str) -> Any:
    async def update(
        request: web.Request, m: MarketingSandbox, body: dict[str, Any]
    ) -> dict[str, Any]:
        need(body, "advertiser_id")
        items = body.get("creatives") if kind == "ad" else [body]
        for item in items or []:
            obj = _own(m, kind, str(body["advertiser_id"]), item.get(ID_FIELD[kind]))
            if obj.operation_status == "DELETE":
                raise MarketingError(40002, f"{ID_FIELD[kind]} {obj.id} is deleted.")
            obj.fields.update(
                {k: v for k, v in item.items() if k not in (ID_FIELD[kind], "advertiser_id")}
            )
            if kind != "campaign":  # an edit goes back to review
                obj.review, obj.reject_reason, obj.created_at = "AUDIT", "", m.now()
        return {ID_FIELD[kind]: str(body.get(ID_FIELD[kind], ""))}

    return update


def _status(kind: str) -> Any:
    async def status(
        request: web.Request, m: MarketingSandbox, body: dict[str, Any]
    ) -> dict[str, Any]:
        need(body, "advertiser_id", f"{ID_FIELD[kind]}s", "operation_status")
        wanted = body["operation_status"]
        if wanted not in ("ENABLE", "DISABLE", "DELETE"):
            raise MarketingError(40002, f"operation_status {wanted} is invalid.")
        objs = [_own(m, kind, str(body["advertiser_id"]), i) for i in body[f"{ID_FIELD[kind]}s"]]
        for obj in objs:
            if obj.operation_status == "DELETE" and wanted != "DELETE":
                raise MarketingError(40002, f"{ID_FIELD[kind]} {obj.id} is deleted.")
        for obj in objs:
            obj.operation_status = wanted
        return {f"{ID_FIELD[kind]}s": [o.id for o in objs], "status": wanted}

    return status


for _kind in ("campaign", "adgroup", "ad"):
    endpoint(routes, "POST", f"/{_kind}/update/")(_update(_kind))
    endpoint(routes, "POST", f"/{_kind}/status/update/")(_status(_kind))
