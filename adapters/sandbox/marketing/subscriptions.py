"""Subscription API: subscribe to ad / ad-group review, and the deliveries that follow.

Deliveries are at least once (each is sent twice when ``duplicate`` is on) and signed
when ``sign_webhooks`` is on (TikTok's scheme is unconfirmed: docs/sandbox.md).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import secrets
from typing import Any

import aiohttp
from aiohttp import web

from adapters.sandbox.marketing.core import MarketingError, MarketingSandbox
from adapters.sandbox.marketing.endpoint import MARKETING, endpoint, need
from adapters.sandbox.marketing.state import Obj, Subscription

routes = web.RouteTableDef()
ENTITY_OBJECT = {"AD": ("ad", 3, "ad_id"), "AD_GROUP": ("adgroup", 2, "adgroup_id")}
TICK_S = 0.2


@endpoint(routes, "POST", "/subscription/subscribe/", auth=False)
async def subscribe(
    request: web.Request, m: MarketingSandbox, body: dict[str, Any]
) -> dict[str, Any]:
    need(body, "app_id", "secret", "subscribe_entity", "callback_url", "subscription_detail")
    if str(body["app_id"]) != m.settings.app_id or body["secret"] != m.settings.secret:
        raise MarketingError(40001, "app_id or secret is wrong.")
    entity = body["subscribe_entity"]
    if entity not in ENTITY_OBJECT:
        raise MarketingError(40014, f"subscribe_entity {entity} is not emulated.")
    kind, _, id_field = ENTITY_OBJECT[entity]
    detail = body["subscription_detail"] or {}
    need(detail, "access_token", "advertiser_id", id_field)
    covered = m.state.tokens.get(str(detail["access_token"]))
    if covered is None or str(detail["advertiser_id"]) not in covered:
        raise MarketingError(40105, "subscription_detail.access_token is invalid.")
    obj = m.state.objects.get(str(detail[id_field]))
    if obj is None or obj.kind != kind or obj.advertiser_id != str(detail["advertiser_id"]):
        raise MarketingError(40007, f"{id_field} {detail[id_field]} does not exist.")
    sub = Subscription(
        m.state.new_id(25), entity, obj.advertiser_id, obj.id, str(body["callback_url"])
    )
    m.state.subscriptions[sub.id] = sub
    return {"subscription_id": sub.id}


def delivery(m: MarketingSandbox, obj: Obj, object_code: int) -> dict[str, Any]:
    campaign = m.state.objects.get(obj.campaign_id or "")
    group = obj if obj.kind == "adgroup" else m.state.objects.get(obj.parent_id or "")
    entry = {
        "log_id": secrets.token_hex(12),
        "adv_id": obj.advertiser_id,
        "campaign_id": obj.campaign_id,
        "campaign_name": campaign.fields.get("campaign_name", "") if campaign else "",
        "adgroup_id": group.id if group else "",
        "adgroup_name": group.fields.get("adgroup_name", "") if group else "",
        "reject_reason": obj.reject_reason,
    }
    if obj.kind == "ad":
        entry |= {"ad_id": obj.id, "ad_name": obj.fields.get("ad_name", "")}
    return {"request_id": secrets.token_hex(12), "object": object_code,
            "time": int(m.now().timestamp()), "entry": [entry]}  # fmt: skip


class Deliverer:
    """Settles reviews on a tick and posts review deliveries to subscribers."""

    def __init__(self, m: MarketingSandbox) -> None:
        self.m = m
        self.duplicate = True
        self._task: asyncio.Task[None] | None = None
        self._session: aiohttp.ClientSession | None = None

    async def start(self, app: web.Application) -> None:
        self._session = aiohttp.ClientSession(
            timeout=aiohttp.ClientTimeout(total=self.m.settings.webhook_timeout_s)
        )
        self._task = asyncio.create_task(self._run())

    async def stop(self, app: web.Application) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        if self._session is not None:
            await self._session.close()

    async def _run(self) -> None:
        while True:
            await asyncio.sleep(TICK_S)
            with contextlib.suppress(Exception):  # a dead subscriber never stops the loop
                await self.tick()

    async def tick(self) -> int:
        m = self.m
        m.settle_reviews()
        sent = 0
        for obj in list(m.state.objects.values()):
            if obj.notified or obj.review == "AUDIT" or obj.kind == "campaign":
                continue
            obj.notified = True
            for sub in list(m.state.subscriptions.values()):
                kind, code, _ = ENTITY_OBJECT[sub.entity]
                if sub.object_id != obj.id or kind != obj.kind:
                    continue
                payload = delivery(m, obj, code)
                m.state.deliveries.append(payload)
                for _ in range(2 if self.duplicate else 1):
                    sent += await self._post(sub.callback_url, payload)
        return sent

    async def _post(self, url: str, payload: dict[str, Any]) -> int:
        body = json.dumps(payload).encode()
        headers = {"Content-Type": "application/json"}
        if self.m.settings.sign_webhooks:
            headers["X-TT-Signature"] = self.m.sign(body)
        assert self._session is not None
        try:
            async with self._session.post(url, data=body, headers=headers) as response:
                return 1 if response.status < 300 else 0
        except (aiohttp.ClientError, TimeoutError):
            return 0


DELIVERER = web.AppKey("marketing_deliverer", Deliverer)


def deliverer(request: web.Request) -> Deliverer:
    return request.app[DELIVERER]


__all__ = ["DELIVERER", "MARKETING", "Deliverer", "routes"]
