"""Posts in the console's tests: a connected channel and posts in each state, made through
the API as a platform would."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from tests.e2e.api_world import Api


async def draft(
    api: Api, channel_id: str, caption: str = "Launch day #new", **settings: Any
) -> str:
    key = await api.upload("clip.mp4", b"\x00" * 2048)
    created = await api.call(
        "POST",
        "/v1/posts",
        {
            "channel_id": channel_id,
            "kind": "video",
            "caption": caption,
            "media": {"video_key": key},
            "settings": {"privacy_level": "SELF_ONLY", **settings},
        },
        expect=201,
    )
    post_id: str = created["post"]["id"]
    return post_id


async def approved(api: Api, channel_id: str, caption: str = "Approved one #ok") -> str:
    post_id = await draft(api, channel_id, caption)
    await api.call("POST", f"/v1/posts/{post_id}/approve", {"approved_by": "c"}, expect=200)
    return post_id


async def scheduled(api: Api, channel_id: str, caption: str = "Scheduled one #soon") -> str:
    post_id = await approved(api, channel_id, caption)
    at = (api.world.clock.now() + timedelta(hours=2)).isoformat()
    await api.call("POST", f"/v1/posts/{post_id}/schedule", {"at": at}, expect=200)
    return post_id


async def manual(api: Api, channel_id: str, caption: str = "By hand #diy") -> str:
    post_id = await draft(api, channel_id, caption, publish_method="manual")
    await api.call("POST", f"/v1/posts/{post_id}/approve", {"approved_by": "c"}, expect=200)
    at = (api.world.clock.now() + timedelta(hours=2)).isoformat()
    await api.call("POST", f"/v1/posts/{post_id}/schedule", {"at": at}, expect=200)
    return post_id


async def show(api: Api, post_id: str) -> dict[str, Any]:
    shown: dict[str, Any] = await api.call("GET", f"/v1/posts/{post_id}", expect=200)
    return shown


async def publishing(api: Api, channel_id: str, caption: str = "Going out #now") -> str:
    post_id = await approved(api, channel_id, caption)
    await api.call("POST", f"/v1/posts/{post_id}/publish-now", expect=202)
    await api.world.c.run_publisher_pass()()
    return post_id


async def failed(api: Api, channel_id: str, caption: str = "Refused #spam") -> str:
    post_id = await publishing(api, channel_id, caption)
    publish_id = (await show(api, post_id))["publish_id"]
    content = {
        "publish_id": publish_id,
        "reason": "spam_risk_text",
        "publish_type": "DIRECT_PUBLISH",
    }
    assert await api.webhook("post.publish.failed", content) == 200
    return post_id


async def published(api: Api, channel_id: str, caption: str = "Out there #live") -> str:
    post_id = await publishing(api, channel_id, caption)
    publish_id = (await show(api, post_id))["publish_id"]
    content = {"publish_id": publish_id, "publish_type": "DIRECT_PUBLISH"}
    assert await api.webhook("post.publish.complete", content) == 200
    public = {**content, "post_id": 7300000000000000001}
    assert await api.webhook("post.publish.publicly_available", public) == 200
    return post_id
