"""The demo's ad flow, over the HTTP API like the rest of the demo: connect an ad account
(the advertiser's consent on TikTok's portal, then the auth code), promote the published
post as a Spark Ad, watch it pass review (TikTok's review event arrives at our receiver),
sync a day's report, and upload an audience of emails hashed on the way in."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from typing import Any, Protocol
from urllib.parse import parse_qs, urlencode, urlsplit

import aiohttp

REVIEW_WAIT_S = 30.0
AUDIENCE_EMAILS = 2_000


class DemoClient(Protocol):
    http: aiohttp.ClientSession
    base: str
    key: str

    async def call(
        self, method: str, path: str, body: Any = None, *, ok: int = 200, **kw: Any
    ) -> Any: ...


def marketing_settings(sandbox_base: str) -> dict[str, str]:
    """Container settings pointing the Marketing API client at the sandbox's emulator."""
    from adapters.sandbox.marketing.settings import DEFAULT_APP_ID, DEFAULT_SECRET

    return {
        "marketing_app_id": DEFAULT_APP_ID,
        "marketing_secret": DEFAULT_SECRET,
        "marketing_api_base": sandbox_base,
    }


async def run_ads(api: DemoClient, *, sandbox_base: str, post_id: str, say: Any) -> dict[str, Any]:
    from adapters.sandbox.marketing.settings import DEFAULT_APP_ID

    report: dict[str, Any] = {}
    # 1. The advertiser consents on TikTok's portal and comes back with an auth code.
    query = urlencode(
        {"app_id": DEFAULT_APP_ID, "state": "demo", "redirect_uri": f"{api.base}/docs"}
    )
    async with api.http.get(f"{sandbox_base}/portal/auth?{query}", allow_redirects=False) as back:
        code = parse_qs(urlsplit(back.headers["Location"]).query)["auth_code"][0]
    accounts = (await api.call("POST", "/v1/ads/accounts", {"auth_code": code}, ok=201))["items"]
    account = accounts[0]
    report["account"] = account
    report["accounts"] = len(accounts)
    say(
        f"ad account {account['name']} ({account['advertiser_id']}) connected, {len(accounts)} in all"
    )

    # 2. The published post as a Spark Ad: campaign, ad group and ad in one call.
    promo = await api.call("POST", "/v1/ads/promote",
                           {"post_id": post_id, "account_id": account["id"], "daily_budget": "30"}, ok=201)  # fmt: skip
    ad = promo["ad"]
    report["promotion"] = promo
    say(
        f"spark ad {ad['id']} (tiktok {ad['tiktok_id']}) promotes TikTok post {ad['spec']['tiktok_item_id']}"
    )

    # 3. Review: TikTok's review event reaches /connect/webhook/tiktok-ads.
    loop = asyncio.get_running_loop()
    until = loop.time() + REVIEW_WAIT_S
    while True:
        shown = await api.call("GET", f"/v1/ads/objects/{ad['id']}")
        if shown["review"]["status"] in ("approved", "rejected") or loop.time() > until:
            break
        await asyncio.sleep(0.3)
    report["review"] = shown["review"]["status"]
    report["reviewed_by"] = "TikTok review event"
    if report["review"] == "in_review":  # deliveries may be lost: poll to reconcile
        await api.call("POST", f"/v1/ads/accounts/{account['id']}/reviews/reconcile")
        shown = await api.call("GET", f"/v1/ads/objects/{ad['id']}")
        report["review"], report["reviewed_by"] = shown["review"]["status"], "poll"
    say(f"spark ad {ad['id']}: review {report['review']} ({report['reviewed_by']})")

    # 4. A day's report into our own time series, read back.
    day = datetime.now(UTC).date().isoformat()
    await api.call("POST", f"/v1/ads/accounts/{account['id']}/reports/sync", {"day": day})
    rows = (await api.call("GET", f"/v1/ads/accounts/{account['id']}/reports",
                           params={"level": "campaign", "start": day, "end": day}))["items"]  # fmt: skip
    report["report"] = rows[0] if rows else {}
    report["day"] = day

    # 5. An audience: a CSV of emails, normalised and hashed as it streams in.
    emails = [
        f"User{i}+promo@Example.com" if i % 4 == 0 else f"user{i}@example.com"
        for i in range(AUDIENCE_EMAILS)
    ]
    csv = ("email\n" + "\n".join(emails) + "\n").encode()
    made = await api.call("POST", f"/v1/ads/accounts/{account['id']}/audiences", ok=201, data=csv,
                          params={"name": "Demo newsletter", "kind": "email"},
                          headers={"Content-Type": "text/csv"})  # fmt: skip
    await asyncio.sleep(1.2)  # TikTok computes the matched size
    listed = (await api.call("GET", f"/v1/ads/accounts/{account['id']}/audiences"))["items"]
    report["audience"] = next(a for a in listed if a["id"] == made["id"])
    say(f"audience {made['name']}: {made['identifiers']:,} hashed emails sent")
    return report


def render_ads(ads: dict[str, Any]) -> list[str]:
    if not ads:
        return []
    metrics = ads["report"].get("metrics", {})
    audience = ads["audience"]
    ad = ads["promotion"]["ad"]
    return [
        f"ad account   {ads['account']['name']} ({ads['account']['advertiser_id']}), {ads['accounts']} connected",
        f"spark ad     {ad['id']} tiktok_item_id={ad['spec']['tiktok_item_id']} review={ads['review']} "
        f"(by {ads['reviewed_by']})",
        f"ad report    {ads['day']}: spend {metrics.get('spend', '-')}, impressions {metrics.get('impressions', '-')}, "
        f"clicks {metrics.get('clicks', '-')}, CTR {metrics.get('ctr', '-')}%, plays {metrics.get('video_play_actions', '-')}",
        f"ad audience  {audience['name']}: {audience['identifiers']:,} hashed emails, "
        f"{audience.get('matched') if audience.get('matched') is not None else '-'} matched on TikTok",
    ]
