"""The Marketing emulator's core: envelope, auth, limits, faults, review, report figures.

Answers follow the Marketing API v1.3: HTTP 200 with ``{"code", "message",
"request_id", "data"}``, errors as non-zero codes on HTTP 200.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import random
import secrets
from collections import defaultdict, deque
from collections.abc import Callable
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from aiohttp import web

from adapters.sandbox.marketing.settings import MarketingSettings
from adapters.sandbox.marketing.state import MarketingState, Obj

CENT = Decimal("0.01")


class MarketingError(Exception):
    def __init__(self, code: int, message: str) -> None:
        self.code = code
        self.message = message
        super().__init__(f"{code}: {message}")


def answer(
    data: dict[str, Any] | None = None, *, code: int = 0, message: str = "OK"
) -> web.Response:
    request_id = secrets.token_hex(12)
    body = {"code": code, "message": message, "request_id": request_id, "data": data or {}}
    return web.json_response(body, headers={"X-Tt-Logid": request_id})


class MarketingSandbox:
    def __init__(self, settings: MarketingSettings, now: Callable[[], datetime]) -> None:
        self.settings = settings
        self.now = now
        self.state = MarketingState()
        self._minute: defaultdict[str, deque[datetime]] = defaultdict(deque)
        self._second: defaultdict[tuple[str, str], deque[datetime]] = defaultdict(deque)
        self.rejected_by_limit = 0

    def reset(self) -> None:
        self.state = MarketingState()
        self._minute.clear()
        self._second.clear()

    @property
    def advertisers(self) -> dict[str, Any]:
        return {a.advertiser_id: a for a in self.settings.advertisers}

    # ---- per-call checks ---------------------------------------------------------------

    def authorise(self, request: web.Request, advertiser_id: str | None) -> list[str]:
        token = request.headers.get("Access-Token", "")
        if not token:
            raise MarketingError(40104, "Access token is null, please check your access token.")
        advertisers = self.state.tokens.get(token)
        if advertisers is None:
            raise MarketingError(40105, "The access token is invalid or has been revoked.")
        if advertiser_id is not None and advertiser_id not in advertisers:
            raise MarketingError(
                40106, f"The access token does not cover advertiser {advertiser_id}."
            )
        return advertisers

    def limit(self, endpoint: str, advertiser_id: str | None) -> None:
        now = self.now()
        window = self._minute[endpoint]
        while window and now - window[0] >= timedelta(minutes=1):
            window.popleft()
        if len(window) >= self.settings.endpoint_qpm:
            self.rejected_by_limit += 1
            raise MarketingError(40100, f"App's request limit for {endpoint} reached.")
        if advertiser_id is not None:
            second = self._second[(advertiser_id, endpoint)]
            while second and now - second[0] >= timedelta(seconds=1):
                second.popleft()
            if len(second) >= self.settings.advertiser_qps:
                self.rejected_by_limit += 1
                raise MarketingError(
                    40133,
                    f"Advertiser ({advertiser_id})'s QPS ({len(second) + 1}) reaches QPS limit "
                    f"{self.settings.advertiser_qps} for current path",
                )
            second.append(now)
        window.append(now)

    def injected(self) -> None:
        faults = self.settings.faults
        if faults.next_codes:
            code = faults.next_codes.pop(0)
            raise MarketingError(code, f"Injected error {code}.")

    # ---- review ------------------------------------------------------------------------

    def settle_reviews(self) -> list[Obj]:
        """Objects whose review ended since the last call (approved or denied)."""
        now = self.now()
        delay = timedelta(seconds=self.settings.review_delay_s)
        done = []
        for obj in self.state.objects.values():
            if obj.kind == "campaign" or obj.review != "AUDIT" or now - obj.created_at < delay:
                continue
            text = " ".join(
                str(obj.fields.get(k, "")) for k in ("ad_text", "ad_name", "adgroup_name")
            )
            if self.settings.reject_word and self.settings.reject_word in text:
                obj.review, obj.reject_reason = "DENIED", "Ad content violates advertising policy."
            else:
                obj.review = "APPROVED"
            obj.reviewed_at = now
            done.append(obj)
        return done

    def secondary_status(self, obj: Obj) -> str | None:
        if not self.settings.secondary_status:
            return None
        if obj.operation_status == "DELETE":
            return "AD_STATUS_DELETE" if obj.kind == "ad" else f"{_prefix(obj)}_STATUS_DELETE"
        prefix = _prefix(obj)
        if obj.kind == "campaign":
            return (
                "CAMPAIGN_STATUS_ENABLE"
                if obj.operation_status == "ENABLE"
                else "CAMPAIGN_STATUS_DISABLE"
            )
        if obj.review == "AUDIT":
            return f"{prefix}_STATUS_AUDIT"
        if obj.review == "DENIED":
            return f"{prefix}_STATUS_AUDIT_DENY"
        if obj.operation_status == "DISABLE":
            return f"{prefix}_STATUS_DISABLE"
        return f"{prefix}_STATUS_DELIVERY_OK"

    def sign(self, body: bytes) -> str:
        stamp = str(int(self.now().timestamp()))
        mac = hmac.new(self.settings.secret.encode(), f"{stamp}.".encode() + body, hashlib.sha256)
        return f"t={stamp},s={mac.hexdigest()}"

    # ---- report figures ------------------------------------------------------------------

    def delivering_on(self, obj: Obj, day: date) -> bool:
        return (
            obj.review == "APPROVED"
            and obj.reviewed_at is not None
            and obj.reviewed_at.date() <= day
            and obj.created_at.date() <= day
        )

    def _daily_cap(self, ad: Obj) -> Decimal | None:
        """The ad's share of its ad group's daily budget: delivery never spends more."""
        group = self.state.objects.get(ad.parent_id or "")
        if group is None or group.fields.get("budget_mode") != "BUDGET_MODE_DAY":
            return None
        siblings = [
            o for o in self.state.objects.values() if o.kind == "ad" and o.parent_id == group.id
        ]
        return Decimal(str(group.fields.get("budget") or 0)) / max(1, len(siblings))

    def ad_figures(self, ad: Obj, day: date) -> dict[str, Decimal | int]:
        """Deterministic figures for one approved ad and day: the same on every call, and
        within the ad's share of its ad group's daily budget."""
        rng = random.Random(f"{ad.id}:{day.isoformat()}")
        impressions = rng.randint(800, 20_000)
        rate = Decimal(rng.randint(300, 900)) / 100_000  # spend per impression
        cap = self._daily_cap(ad)
        if cap is not None and impressions * rate > cap:
            impressions = max(1, int(cap / rate))
        clicks = rng.randint(impressions // 100, impressions // 25)
        plays = rng.randint(impressions // 2, impressions)
        w2 = rng.randint(plays // 2, plays)
        w6 = rng.randint(w2 // 3, w2)
        p25 = rng.randint(w6 // 2, w2)
        p50 = rng.randint(p25 // 2, p25)
        p75 = rng.randint(p50 // 2, p50)
        p100 = rng.randint(p75 // 2, p75)
        return {
            "spend": (Decimal(impressions) * Decimal(rng.randint(300, 900)) / 100_000).quantize(
                CENT
            ),
            "impressions": impressions,
            "clicks": clicks,
            "reach": rng.randint(impressions * 6 // 10, impressions),
            "conversion": rng.randint(0, clicks // 10),
            "video_play_actions": plays,
            "video_watched_2s": w2,
            "video_watched_6s": w6,
            "video_views_p25": p25,
            "video_views_p50": p50,
            "video_views_p75": p75,
            "video_views_p100": p100,
            "play_time": Decimal(plays) * Decimal(rng.randint(250, 900)) / 100,
        }

    def figures(self, obj: Obj, day: date) -> dict[str, Decimal | int] | None:
        """An object's figures: an ad's own, or the sum over its ads (ad group, campaign)."""
        if obj.kind == "ad":
            ads = [obj]
        elif obj.kind == "adgroup":
            ads = [
                o for o in self.state.objects.values() if o.kind == "ad" and o.parent_id == obj.id
            ]
        else:
            ads = [
                o for o in self.state.objects.values() if o.kind == "ad" and o.campaign_id == obj.id
            ]
        ads = [a for a in ads if self.delivering_on(a, day)]
        if not ads:
            return None
        total: dict[str, Decimal | int] = {}
        for ad in ads:
            for name, value in self.ad_figures(ad, day).items():
                total[name] = total.get(name, 0) + value
        return total


def _prefix(obj: Obj) -> str:
    return {"campaign": "CAMPAIGN", "adgroup": "ADGROUP", "ad": "AD"}[obj.kind]


def metric_strings(figures: dict[str, Decimal | int]) -> dict[str, str]:
    """TikTok sends every metric as a string; ratios are derived from the sums."""
    spend = Decimal(figures["spend"])
    impressions, clicks = int(figures["impressions"]), int(figures["clicks"])
    plays = int(figures["video_play_actions"])

    def ratio(num: Decimal, den: int, scale: int = 1) -> str:
        if not den:
            return "0.00"
        return str((num * scale / den).quantize(CENT, rounding=ROUND_HALF_UP))

    out = {
        name: str(figures[name])
        for name in (
            "impressions", "clicks", "reach", "conversion", "video_play_actions",
            "video_watched_2s", "video_watched_6s", "video_views_p25", "video_views_p50",
            "video_views_p75", "video_views_p100",
        )
    }  # fmt: skip
    out["spend"] = str(spend.quantize(CENT))
    out["ctr"] = ratio(Decimal(clicks), impressions, 100)
    out["cpc"] = ratio(spend, clicks)
    out["cpm"] = ratio(spend, impressions, 1000)
    out["average_video_play"] = ratio(Decimal(figures["play_time"]), plays)
    return out


def json_param(request: web.Request, name: str, default: Any = None) -> Any:
    """Array/object query parameters arrive JSON-encoded."""
    raw = request.query.get(name)
    if raw is None:
        return default
    try:
        return json.loads(raw)
    except ValueError:
        raise MarketingError(40002, f"{name} must be JSON-encoded") from None
