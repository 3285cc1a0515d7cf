"""Outgoing events: written with their change, delivered at least once and in order per
post, retried for 72 hours, the endpoint disabled after, re-sent on demand."""

from __future__ import annotations

from datetime import timedelta

import pytest

from application.errors import NotFound
from domain.errors import RulesViolated
from domain.event_delivery import DeliveryStatus
from domain.outgoing_events import EventType
from domain.post_state import PostStatus
from tests.unit.application.world import ORG, World

S = PostStatus


async def register(world: World, *types: str, org: str = ORG):  # type: ignore[no-untyped-def]
    return await world.c.register_webhook_endpoint()(
        organisation_id=org, url="https://platform.example/hooks", event_types=types
    )


async def publish_one(world: World, channel) -> str:  # type: ignore[no-untyped-def]
    post = await world.due(channel, media=world.video())
    await world.c.publish_due_post()(post_id=post.id)
    tracked = await world.post(post.id)
    if tracked.next_attempt_at is not None:
        world.clock.set(max(world.clock.now(), tracked.next_attempt_at))
    await world.c.track_publish_status()(post_id=post.id)
    return post.id


async def deliver_all(
    world: World, *, step: timedelta = timedelta(seconds=5), rounds: int = 50
) -> None:
    for _ in range(rounds):
        if not await world.c.deliver_events()():
            world.clock.advance(step)


class TestOutgoingEvents:
    async def test_a_published_post_reaches_the_platform_with_its_tiktok_ids(
        self, world: World
    ) -> None:
        registered = await register(world)
        assert registered.secret.reveal().startswith("whsec_")
        channel = await world.connect()
        post_id = await publish_one(world, channel)
        await deliver_all(world)
        types = [e.type for e in world.receiver.received]
        assert types == [
            EventType.CHANNEL_CONNECTED,
            EventType.POST_SCHEDULED,
            EventType.POST_PUBLISHING,
            EventType.POST_PUBLISHED,
        ]
        published = world.receiver.received[-1]
        stored = await world.post(post_id)
        assert published.data["post_id"] == post_id
        assert published.data["tiktok_post_ids"] == list(stored.tiktok_post_ids)
        assert published.data["publish_id"] == stored.publish_id
        assert "token" not in str(published.envelope()).lower()

    async def test_a_receiver_down_for_an_hour_gets_everything_afterwards_in_order(
        self, world: World
    ) -> None:
        await register(world)
        channel = await world.connect()
        world.receiver.down = True
        post_ids = [await publish_one(world, channel) for _ in range(3)]
        started = world.clock.now()
        while world.clock.now() < started + timedelta(hours=1):
            await world.c.deliver_events()()
            world.clock.advance(timedelta(minutes=1))
        assert world.receiver.received == []
        world.receiver.down = False
        await deliver_all(world, step=timedelta(minutes=10), rounds=80)
        async with world.c.uow()() as uow:
            written = await uow.outbox.list(ORG, limit=100)
        assert sorted(e.id for e in world.receiver.unique()) == sorted(e.id for e in written)
        for post_id in post_ids:
            got = [e.id for e in world.receiver.received if e.ordering_key == post_id]
            assert got == [e.id for e in written if e.ordering_key == post_id]

    async def test_an_endpoint_gets_only_the_types_it_wants(self, world: World) -> None:
        await register(world, "post.published")
        channel = await world.connect()
        await publish_one(world, channel)
        await deliver_all(world)
        assert [e.type for e in world.receiver.received] == [EventType.POST_PUBLISHED]

    async def test_after_72_hours_of_failures_the_endpoint_is_disabled_and_can_be_enabled(
        self, world: World
    ) -> None:
        registered = await register(world, "channel.connected")
        world.receiver.status = 500
        await world.connect()
        for _ in range(40):
            await world.c.deliver_events()()
            world.clock.advance(timedelta(hours=3))
        shown = await world.c.show_webhook_endpoint()(
            organisation_id=ORG, endpoint_id=registered.endpoint.id
        )
        assert not shown.endpoint.enabled
        assert "undelivered for 72 hours" in shown.endpoint.disabled_reason
        (delivery,) = shown.deliveries
        assert delivery.status is DeliveryStatus.FAILED
        assert len(shown.attempts) == delivery.attempts >= 10
        assert [a.kind for a in world.notifier.alerts] == ["webhook_endpoint_disabled"]
        world.receiver.status = 200
        await world.c.update_webhook_endpoint()(
            organisation_id=ORG, endpoint_id=registered.endpoint.id, enabled=True
        )
        (event,) = await world.c.list_events()(organisation_id=ORG)
        await world.c.resend_event()(organisation_id=ORG, event_id=event.id)
        await deliver_all(world)
        assert [e.id for e in world.receiver.received] == [event.id]

    async def test_a_rolled_back_change_emits_nothing(self, world: World) -> None:
        await register(world)
        channel = await world.connect()
        post = await world.approved(channel, media=world.video())
        async with world.c.uow()() as uow:
            loaded = await uow.posts.get(post.id)
            await uow.posts.save(loaded.publish_now(now=world.clock.now()))
            await uow.rollback()
        await deliver_all(world)
        assert [e.type for e in world.receiver.received] == [EventType.CHANNEL_CONNECTED]
        assert (await world.post(post.id)).status is S.CLIENT_APPROVED

    async def test_rotation_signs_with_both_secrets_during_the_overlap(self, world: World) -> None:
        registered = await register(world)
        rotated = await world.c.rotate_webhook_secret()(
            organisation_id=ORG, endpoint_id=registered.endpoint.id, overlap=timedelta(hours=1)
        )
        assert rotated.secret != registered.secret
        now = world.clock.now()
        assert rotated.endpoint.signing_secrets(now) == (rotated.secret, registered.secret)
        assert rotated.endpoint.signing_secrets(now + timedelta(hours=2)) == (rotated.secret,)

    async def test_another_organisation_sees_none_of_it(self, world: World) -> None:
        registered = await register(world)
        await world.connect()
        (event,) = await world.c.list_events()(organisation_id=ORG)
        with pytest.raises(NotFound):
            await world.c.show_event()(organisation_id="org2", event_id=event.id)
        with pytest.raises(NotFound):
            await world.c.resend_event()(organisation_id="org2", event_id=event.id)
        with pytest.raises(NotFound):
            await world.c.show_webhook_endpoint()(
                organisation_id="org2", endpoint_id=registered.endpoint.id
            )
        assert await world.c.list_webhook_endpoints()(organisation_id="org2") == []

    async def test_a_private_or_plain_http_url_is_refused(self, world: World) -> None:
        for url in ("http://platform.example/h", "https://127.0.0.1/h", "https://10.0.0.8/h"):
            with pytest.raises(RulesViolated):
                await world.c.register_webhook_endpoint()(organisation_id=ORG, url=url)
        with pytest.raises(RulesViolated) as refused:
            await register(world, "post.exploded")
        assert refused.value.violations[0].code == "event_type_unknown"
