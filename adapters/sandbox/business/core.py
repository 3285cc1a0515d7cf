"""The emulated Accounts API's core: state, clock, dice, the envelope, auth and limits."""

from __future__ import annotations

import json
import random
import secrets
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from aiohttp import web

from adapters.sandbox.business.settings import AccountSeed, BusinessSettings
from adapters.sandbox.business.state import BusinessState, Grant, seed_videos
from adapters.sandbox.rate_limit import SlidingWindows

OK = 0
PARAM_ERROR = 40002
NOT_FOUND = 40007
NO_PERMISSION = 40001
RATE_LIMITED = 40100
TOKEN_INVALID = 40105
TOKEN_EXPIRED = 40102
TOKEN_EMPTY = 40104


class BusinessError(Exception):
    """Rendered as the envelope with a non-zero ``code``, on HTTP 200 like TikTok."""

    def __init__(self, code: int, message: str) -> None:
        self.code = code
        self.message = message
        super().__init__(f"{code}: {message}")


def request_id(now: datetime) -> str:
    return now.strftime("%Y%m%d%H%M%S") + secrets.token_hex(10).upper()


class BusinessSandbox:
    def __init__(self, settings: BusinessSettings, now: Callable[[], datetime]) -> None:
        self.settings = settings
        self.now = now
        self.state = BusinessState()
        self.windows = SlidingWindows(timedelta(seconds=settings.rate_window_s))
        self.dice = random.Random(settings.seed)
        self.reset()

    def configure(self, settings: BusinessSettings) -> None:
        """Replace the settings (accounts included) and start afresh."""
        self.settings = settings
        self.reset()

    def reset(self) -> None:
        self.state = BusinessState()
        self.windows = SlidingWindows(timedelta(seconds=self.settings.rate_window_s))
        self.dice = random.Random(self.settings.seed)
        for account in self.settings.accounts:
            self.add_account(account)

    def add_account(self, account: AccountSeed) -> None:
        if self.state.account_by_username(account.username) is not None:
            raise ValueError(f"account {account.username!r} exists already")
        self.state.accounts[account.business_id] = account
        seed_videos(self.state, account, now=self.now(), seed=self.settings.seed)

    # ---- the envelope ------------------------------------------------------------------

    def answer(self, data: dict[str, object], code: int = OK, message: str = "OK") -> web.Response:
        rid = request_id(self.now())
        body = {"code": code, "message": message, "request_id": rid, "data": data}
        return web.json_response(body, headers={"X-Tt-Logid": rid})

    # ---- auth, limits, faults -----------------------------------------------------------

    def authenticate(self, request: web.Request, endpoint: str, scopes: tuple[str, ...]) -> Grant:
        token = request.headers.get("Access-Token", "").strip()
        if not token:
            raise BusinessError(TOKEN_EMPTY, "Access token is empty.")
        grant = self.state.access.get(token)
        if grant is None or grant.revoked:
            raise BusinessError(TOKEN_INVALID, "Access token is invalid.")
        if grant.expires_at <= self.now():
            raise BusinessError(TOKEN_EXPIRED, "Access token has expired.")
        missing = [s for s in scopes if s not in grant.scopes]
        if missing:
            raise BusinessError(
                NO_PERMISSION, f"No permission: scope {', '.join(missing)} missing."
            )
        self.limit(grant.business_id, endpoint)
        return grant

    def limit(self, business_id: str, endpoint: str) -> None:
        s = self.settings
        self.state.calls += 1
        now = datetime.now(UTC)  # windows run on real time, whatever the emulated clock says
        faults = s.faults
        if faults.burst_40100 > 0:
            faults.burst_40100 -= 1
            self.state.rate_limited += 1
            raise BusinessError(RATE_LIMITED, "Requests made too frequently (injected).")
        if not self.windows.allow("app", "all", s.app_qpm, now):
            self.state.rate_limited += 1
            raise BusinessError(RATE_LIMITED, f"App QPM limit {s.app_qpm} exceeded.")
        if not self.windows.allow(business_id, endpoint, s.account_qpm, now):
            self.state.rate_limited += 1
            raise BusinessError(
                RATE_LIMITED, f"Account QPM limit {s.account_qpm} exceeded for {endpoint}."
            )
        if faults.error_rate and self.dice.random() < faults.error_rate:
            raise BusinessError(51000, "Internal service error (injected).")

    def business_id(self, grant: Grant, given: object) -> str:
        if not given:
            raise BusinessError(PARAM_ERROR, "business_id: required.")
        if given != grant.business_id:
            raise BusinessError(NO_PERMISSION, "The token is not authorized for this business_id.")
        return grant.business_id


def json_array(request: web.Request, name: str) -> list[object] | None:
    """Array and object parameters are JSON-encoded in the query string."""
    raw = request.query.get(name)
    if raw is None:
        return None
    try:
        value = json.loads(raw)
    except ValueError:
        raise BusinessError(PARAM_ERROR, f"{name}: not valid JSON.") from None
    if not isinstance(value, list):
        raise BusinessError(PARAM_ERROR, f"{name}: must be a JSON array.")
    return value


def json_object(request: web.Request, name: str) -> dict[str, object]:
    raw = request.query.get(name)
    if raw is None:
        return {}
    try:
        value = json.loads(raw)
    except ValueError:
        raise BusinessError(PARAM_ERROR, f"{name}: not valid JSON.") from None
    if not isinstance(value, dict):
        raise BusinessError(PARAM_ERROR, f"{name}: must be a JSON object.")
    return value


def int_param(request: web.Request, name: str, default: int, low: int, high: int) -> int:
    raw = request.query.get(name)
    if raw is None:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise BusinessError(PARAM_ERROR, f"{name}: must be an integer.") from None
    if not low <= value <= high:
        raise BusinessError(PARAM_ERROR, f"{name}: must be between {low} and {high}.")
    return value
