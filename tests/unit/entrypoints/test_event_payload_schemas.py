"""What receivers get is what the OpenAPI document's webhooks describe, for every type."""

from __future__ import annotations

import json
from datetime import timedelta
from types import SimpleNamespace

import jsonschema
import pytest

from domain import outgoing_events as outgoing
from domain.ads.model import ObjectKind, Review, ReviewStatus
from domain.comments import Comment
from domain.outgoing_events import EventType, OutgoingEvent
from domain.post_content import PostSettings, PrivacyLevel, PublishMethod
from domain.post_state import ManualReason, PostStatus
from entrypoints.http.openapi import build_spec
from tests.builders import LATER, T0, channel, post_in, video_post

S = PostStatus


def every_kind_of_event() -> list[OutgoingEvent]:
    made: list[OutgoingEvent] = []
    published = post_in(S.PUBLISHED)
    made += outgoing.for_post(published)
    made += outgoing.for_post(
        published.stored(version=2).record_public_post(
            tiktok_post_id="7002", share_url="https://www.tiktok.com/@b/video/7002", now=LATER
        )
    )
    made += outgoing.for_post(post_in(S.FAILED, post=video_post("p2")))
    made += outgoing.for_post(
        post_in(S.CLIENT_APPROVED, post=video_post("p3")).move_to_manual(
            reason=ManualReason.MANUAL_CHANNEL, now=T0
        )
    )
    to_inbox = PostSettings(
        privacy_level=PrivacyLevel.SELF_ONLY, publish_method=PublishMethod.INBOX
    )
    inbox = post_in(S.PUBLISHING, post=video_post("p4", settings=to_inbox)).record_publish_id(
        publish_id="v_inbox_file~v2.1", now=T0
    )
    made += outgoing.for_post(inbox.mark_sent_to_inbox(now=T0))
    scheduled = post_in(S.CLIENT_APPROVED, post=video_post("p5")).schedule(
        at=T0 + timedelta(days=1), now=T0
    )
    made += outgoing.for_post(scheduled)
    connected = channel()
    made += outgoing.for_channel(None, connected)
    expired = connected.expire(reason="refresh refused", now=LATER)
    made += outgoing.for_channel(connected.status, expired)
    made += outgoing.for_channel(expired.status, expired.disconnect(now=LATER))
    fan = Comment.received(
        channel_id="c1",
        comment_id="k1",
        video_id="v1",
        created_at=T0,
        text="Love it",
        parent_id=None,
        owner=False,
        username="fan",
    )
    made += outgoing.for_comment(fan, organisation_id="org1")
    rejected = SimpleNamespace(  # the fields of an AdObject the mapping reads
        id="ad1",
        organisation_id="org1",
        account_id="acc1",
        tiktok_id="170",
        kind=ObjectKind.AD,
        review=Review(ReviewStatus.REJECTED, ("policy: misleading",), LATER),
    )
    made += outgoing.for_ad_review(rejected, now=LATER)  # type: ignore[arg-type]
    return made


def test_every_event_type_is_described() -> None:
    spec = build_spec()
    assert set(spec["webhooks"]) == {t.value for t in EventType}


@pytest.mark.parametrize("event", every_kind_of_event(), ids=lambda e: e.type.value)
def test_a_sent_body_validates_against_its_webhook_schema(event: OutgoingEvent) -> None:
    spec = build_spec()
    hook = spec["webhooks"][event.type.value]["post"]
    schema = hook["requestBody"]["content"]["application/json"]["schema"]
    body = json.loads(json.dumps(event.envelope()))
    jsonschema.validate(body, {**schema, "components": spec["components"]})


def test_the_examples_cover_every_type() -> None:
    assert {e.type for e in every_kind_of_event()} == set(EventType)
