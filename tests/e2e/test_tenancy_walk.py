"""Every /v1 endpoint, called by organisation B with organisation A's ids: B can neither
read nor change anything of A's, and A's state is byte-for-byte what it was."""

from __future__ import annotations

import copy
import os
from typing import Any

import attrs

from entrypoints.http.v1.routes import ROUTES
from tests.e2e.api_world import Api

BODIES: dict[tuple[str, str], Any] = {
    ("PATCH", "/v1/posts/{post_id}"): {"caption": "taken over #b"},
    ("POST", "/v1/posts/{post_id}/approve"): {"approved_by": "b"},
    ("POST", "/v1/posts/{post_id}/schedule"): {"at": "2030-01-01T10:00:00+00:00"},
    ("POST", "/v1/posts/{post_id}/retry"): {"force": True},
    ("POST", "/v1/posts/{post_id}/mark-published"): {"url": "https://tiktok.com/@brand/video/1"},
    ("POST", "/v1/channels/connect"): {},
    ("POST", "/v1/api-keys"): {"name": "b"},
    ("POST", "/v1/webhook-endpoints"): {"url": "https://b.example/hooks"},
    ("PATCH", "/v1/webhook-endpoints/{endpoint_id}"): {"description": "taken over"},
    ("POST", "/v1/webhook-endpoints/{endpoint_id}/rotate-secret"): {},
    ("POST", "/v1/events/{event_id}/resend"): {},
    ("POST", "/v1/ads/accounts/{account_id}/campaigns"): {"name": "b", "objective": "REACH"},
    ("POST", "/v1/ads/accounts/{account_id}/videos"): {"url": "https://b.example/v.mp4"},
    ("POST", "/v1/ads/accounts/{account_id}/images"): {"key": "orgs/org-b/i.jpg"},
    ("POST", "/v1/ads/accounts/{account_id}/reports/sync"): {"day": "2026-03-01"},
    ("GET", "/v1/ads/accounts/{account_id}/reports"): None,
    ("POST", "/v1/ads/audiences/{audience_id}/lookalike"): {"name": "b", "location_ids": ["1"]},
    ("POST", "/v1/ads/campaigns/{object_id}/adgroups"): {
        "name": "b", "budget": {"mode": "BUDGET_MODE_DAY", "amount": "50"},
        "schedule_start": "2030-01-01T10:00:00+00:00", "optimization_goal": "REACH",
        "billing_event": "CPM", "location_ids": ["1"],
    },
    ("POST", "/v1/ads/adgroups/{object_id}/ads"): {
        "name": "b", "ad_format": "SINGLE_VIDEO", "ad_text": "b", "identity_type": "TT_USER",
        "identity_id": "x", "tiktok_item_id": "1",
    },
    ("PATCH", "/v1/ads/objects/{object_id}"): {"name": "b", "objective": "REACH"},
    ("PUT", "/v1/channels/{channel_id}/time-zone"): {"time_zone": "UTC"},
    ("POST", "/v1/channels/{channel_id}/comments/sync"): {},
    ("POST", "/v1/channels/{channel_id}/comments/{comment_id}/reply"): {"text": "taken over"},
}  # fmt: skip
QUERIES = {
    "/v1/ads/accounts/{account_id}/reports": "?start=2026-03-01&end=2026-03-01",
    "/v1/ads/accounts/{account_id}/audiences": "?name=b",
}


async def seed_ads(api: Api) -> dict[str, str]:
    """Organisation A's ad account, campaign and audience, straight into the ads store."""
    from decimal import Decimal

    from domain.ads.account import AdAccount
    from domain.ads.custom_audience import CustomAudience
    from domain.ads.model import AdObject, Budget, BudgetMode, CampaignSpec, Objective
    from domain.secret import Secret
    from tests.builders import T0

    spec = CampaignSpec("A", Objective.REACH, Budget(BudgetMode.DAY, Decimal(60)))
    async with api.world.c.ads().uow() as uow:
        await uow.ad_accounts.add(AdAccount("acc-a", "org-a", "adv-a", "A", Secret("t"), T0))
        await uow.ad_objects.add(
            AdObject("obj-a", "org-a", "acc-a", "adv-a", spec, T0, tiktok_id="17")
        )
        await uow.audiences.add(CustomAudience("aud-a", "org-a", "acc-a", "A", T0, tiktok_id="24"))
        await uow.commit()
    return {"account_id": "acc-a", "object_id": "obj-a", "audience_id": "aud-a", "action": "pause"}


def ads_tables(api: Api) -> Any:
    store = api.world.c.ads_parts.memory_store()
    return copy.deepcopy(
        attrs.asdict(store, recurse=False, filter=lambda f, _: f.name != "outgoing")
    )


def snapshot(api: Api) -> Any:
    store = api.world.store
    return copy.deepcopy(
        (
            store.posts,
            store.channels,
            store.api_keys,
            store.insights,
            store.video_snapshots,
            store.account_snapshots,
            store.outgoing.endpoints,
            store.outgoing.events,
            store.outgoing.deliveries,
        )
    )


async def test_org_b_cannot_read_or_change_org_a() -> None:
    a = await Api.start(org="org-a")
    try:
        b = await a.as_org("org-b")
        endpoint = await a.call(
            "POST", "/v1/webhook-endpoints", {"url": "https://a.example/hooks"}, expect=201
        )
        channel = await a.connect()
        await a.call("POST", f"/v1/channels/{channel['id']}/sync", expect=200)
        (event,) = (await a.call("GET", "/v1/events", expect=200))["items"]
        job = await a.call("POST", "/v1/sync-jobs", {"scope": "metrics"}, expect=202)
        key = await a.upload("clip.mp4", os.urandom(1000))
        post = (
            await a.call(
                "POST",
                "/v1/posts",
                {
                    "channel_id": channel["id"],
                    "kind": "video",
                    "media": {"video_key": key},
                    "settings": {"privacy_level": "SELF_ONLY"},
                },
                expect=201,
            )
        )["post"]
        a_key = (await a.call("GET", "/v1/api-keys", expect=200))["items"][0]["id"]
        ids = {
            "channel_id": channel["id"],
            "post_id": post["id"],
            "key_id": a_key,
            "endpoint_id": endpoint["endpoint"]["id"],
            "event_id": event["id"],
            "comment_id": "k1",  # the Accounts API's inbox: another org's channel is absent
            "video_id": "v1",
            "job_id": job["id"],
        }
        ids |= await seed_ads(a)
        ads_before = ads_tables(a)
        before = snapshot(a)
        walked = set()
        for route in ROUTES:
            path = route.path.format(**ids) + QUERIES.get(route.path, "")
            body = BODIES.get((route.method, route.path))
            if route.path == "/v1/media":  # uploads land under B's own prefix
                uploaded = await b.upload("mine.mp4", b"x")
                assert uploaded.startswith("orgs/org-b/")
            elif route.path == "/v1/posts" and route.method == "POST":
                refused = await b.call(
                    "POST",
                    path,
                    {
                        "channel_id": channel["id"],
                        "kind": "video",
                        "media": {"video_key": key},
                        "settings": {"privacy_level": "SELF_ONLY"},
                    },
                )
                assert refused["code"] in ("not_found", "rules_violated"), refused
            elif "{" in route.path:
                answer = await b.call(route.method, path, body)
                assert answer["code"] == "not_found", (route.method, route.path, answer)
            else:
                answer = await b.call(route.method, path, body)
                seen = str(answer)  # ids quoted: "id1" must not match "id11"
                for mine in ids.values():
                    assert f"'{mine}'" not in seen, (route.path, answer)
            walked.add((route.method, route.path))
        assert walked == {(r.method, r.path) for r in ROUTES}
        after = snapshot(a)
        assert after[0] == before[0] and after[1] == before[1]  # posts and channels
        assert {k: v for k, v in after[2].items() if v.organisation_id == "org-a"} == {
            k: v for k, v in before[2].items() if v.organisation_id == "org-a"
        }
        assert after[3:6] == before[3:6]
        for mine_now, mine_before in zip(after[6:], before[6:], strict=True):  # outgoing
            assert {k: v for k, v in mine_now.items() if v.organisation_id == "org-a"} == {
                k: v for k, v in mine_before.items() if v.organisation_id == "org-a"
            }
        assert ads_tables(a) == ads_before  # (the shared outbox is checked with the rest)
        still = await a.call("GET", f"/v1/posts/{post['id']}", expect=200)
        assert still["status"] == "draft" and still["content"]["caption"] == ""
    finally:
        await a.close()
