"""The contract every unit of work keeps for outgoing events (memory and Postgres).

An event exists exactly when the change that caused it was committed; deliveries go to
the organisation's enabled endpoints that want the type, one ordering key at a time.
"""

from __future__ import annotations

from datetime import timedelta

import pytest

from application.errors import NotFound
from application.ports import UnitOfWorkFactory
from domain.event_delivery import AttemptOutcome, DeliveryStatus
from domain.outgoing_events import EventType
from domain.post_state import PostStatus
from domain.secret import Secret
from domain.webhook_endpoint import WebhookEndpoint
from tests.builders import LATER, T0, channel, post_in, video_post

S = PostStatus
LEASE = timedelta(seconds=60)


def endpoint(
    endpoint_id: str = "we1",
    *,
    organisation_id: str = "org1",
    types: tuple[str, ...] = (),
) -> WebhookEndpoint:
    return WebhookEndpoint.register(
        endpoint_id=endpoint_id,
        organisation_id=organisation_id,
        url="https://hooks.example/tiktok",
        event_types=types,
        description="",
        secret=Secret("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"),
        now=T0,
        allow_insecure=False,
    )


async def add_endpoint(uow_factory: UnitOfWorkFactory, ep: WebhookEndpoint) -> WebhookEndpoint:
    async with uow_factory() as uow:
        stored = await uow.webhook_endpoints.add(ep)
        await uow.commit()
    return stored


async def publish_a_post(uow_factory: UnitOfWorkFactory, post_id: str = "p1") -> None:
    """Schedule, start and publish a post: three outgoing events, committed apart."""
    async with uow_factory() as uow:
        await uow.posts.add(post_in(S.CLIENT_APPROVED, post=video_post(post_id)))
        await uow.commit()
    for step in ("schedule", "start", "publish"):
        async with uow_factory() as uow:
            post = await uow.posts.get(post_id)
            if step == "schedule":
                post = post.schedule(at=LATER, now=T0)
            elif step == "start":
                post = post.start_publishing(attempt=1, now=LATER)
            else:
                post = post.record_publish_id(publish_id=f"pub-{post_id}", now=LATER)
                post = post.mark_published(
                    tiktok_post_ids=("7300",),
                    share_url="https://www.tiktok.com/@b/video/7300",
                    now=LATER,
                )
            await uow.posts.save(post)
            await uow.commit()


class OutboxContract:
    @pytest.fixture
    def uow_factory(self) -> UnitOfWorkFactory:
        raise NotImplementedError

    async def _seed(self, uow_factory: UnitOfWorkFactory) -> None:
        async with uow_factory() as uow:
            await uow.channels.add(channel())
            await uow.commit()

    async def test_a_committed_change_writes_its_events_in_order(
        self, uow_factory: UnitOfWorkFactory
    ) -> None:
        await self._seed(uow_factory)
        await publish_a_post(uow_factory)
        async with uow_factory() as uow:
            events = await uow.outbox.list("org1")
        assert [e.type for e in events] == [
            EventType.CHANNEL_CONNECTED,
            EventType.POST_SCHEDULED,
            EventType.POST_PUBLISHING,
            EventType.POST_PUBLISHED,
        ]
        published = events[-1]
        assert published.data["tiktok_post_ids"] == ["7300"]
        assert published.data["share_url"] == "https://www.tiktok.com/@b/video/7300"
        assert published.ordering_key == "p1"

    async def test_a_rolled_back_change_writes_no_event(
        self, uow_factory: UnitOfWorkFactory
    ) -> None:
        await self._seed(uow_factory)
        await add_endpoint(uow_factory, endpoint())
        async with uow_factory() as uow:
            await uow.posts.add(post_in(S.CLIENT_APPROVED))
            await uow.commit()
        async with uow_factory() as uow:
            post = await uow.posts.get("p1")
            await uow.posts.save(post.schedule(at=LATER, now=T0))
            await uow.rollback()
        async with uow_factory() as uow:
            post = await uow.posts.get("p1")
            await uow.posts.save(post.schedule(at=LATER, now=T0))
            # no commit: leaving the unit of work rolls back
        async with uow_factory() as uow:
            assert [e.type for e in await uow.outbox.list("org1")] == [EventType.CHANNEL_CONNECTED]
            assert post.status is S.CLIENT_APPROVED
            jobs = await uow.outbox.claim(now=LATER, worker_id="w", lease_for=LEASE, limit=10)
        assert [j.event.type for j in jobs] == []  # the endpoint came after the connection

    async def test_deliveries_go_to_enabled_endpoints_that_want_the_type(
        self, uow_factory: UnitOfWorkFactory
    ) -> None:
        await add_endpoint(uow_factory, endpoint("all"))
        await add_endpoint(uow_factory, endpoint("failures", types=("post.failed",)))
        await add_endpoint(uow_factory, endpoint("other-org", organisation_id="org2"))
        off = await add_endpoint(uow_factory, endpoint("off"))
        async with uow_factory() as uow:
            await uow.webhook_endpoints.save(off.disable(reason="test", now=T0))
            await uow.commit()
        await self._seed(uow_factory)
        await publish_a_post(uow_factory)
        async with uow_factory() as uow:
            for name in ("failures", "other-org", "off"):
                assert await uow.outbox.deliveries(name) == []
            to_all = await uow.outbox.deliveries("all")
        assert len(to_all) == 4
        assert all(d.status is DeliveryStatus.PENDING for d in to_all)

    async def test_one_ordering_key_is_delivered_one_event_at_a_time(
        self, uow_factory: UnitOfWorkFactory
    ) -> None:
        await add_endpoint(
            uow_factory, endpoint(types=("post.scheduled", "post.publishing", "post.published"))
        )
        await self._seed(uow_factory)
        await publish_a_post(uow_factory, "p1")
        await publish_a_post(uow_factory, "p2")
        seen = []
        for _ in range(3):
            async with uow_factory() as uow:
                jobs = await uow.outbox.claim(now=LATER, worker_id="w", lease_for=LEASE, limit=10)
                # one per post, and never a second worker's copy while leased
                again = await uow.outbox.claim(now=LATER, worker_id="v", lease_for=LEASE, limit=10)
                assert again == []
                for job in jobs:
                    outcome = AttemptOutcome(LATER, 204, "", 3)
                    await uow.outbox.record(job.delivery.after(outcome, jitter=0), outcome)
                await uow.commit()
            seen.append(sorted((j.event.ordering_key, j.event.type.value) for j in jobs))
        assert seen == [
            [("p1", "post.scheduled"), ("p2", "post.scheduled")],
            [("p1", "post.publishing"), ("p2", "post.publishing")],
            [("p1", "post.published"), ("p2", "post.published")],
        ]

    async def test_a_lapsed_lease_is_claimed_again_and_attempts_are_listed(
        self, uow_factory: UnitOfWorkFactory
    ) -> None:
        await add_endpoint(uow_factory, endpoint(types=("channel.connected",)))
        await self._seed(uow_factory)
        async with uow_factory() as uow:
            first = await uow.outbox.claim(now=T0, worker_id="dead", lease_for=LEASE, limit=5)
            await uow.commit()
        assert len(first) == 1
        assert first[0].endpoint.signing_secrets(T0) == (
            Secret("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"),
        )
        async with uow_factory() as uow:
            assert await uow.outbox.claim(now=T0, worker_id="w", lease_for=LEASE, limit=5) == []
            later = T0 + LEASE + timedelta(seconds=1)
            again = await uow.outbox.claim(now=later, worker_id="w", lease_for=LEASE, limit=5)
            assert [j.delivery.id for j in again] == [first[0].delivery.id]
            failed = AttemptOutcome(later, 503, "", 12)
            await uow.outbox.record(again[0].delivery.after(failed, jitter=0), failed)
            await uow.commit()
        async with uow_factory() as uow:
            (delivery,) = await uow.outbox.deliveries("we1")
            attempts = await uow.outbox.attempts([delivery.id])
        assert delivery.attempts == 1
        assert delivery.last_error == "HTTP 503"
        assert delivery.next_attempt_at == later + timedelta(seconds=5)
        assert [a.outcome.status_code for a in attempts] == [503]

    async def test_events_and_endpoints_of_another_organisation_are_not_found(
        self, uow_factory: UnitOfWorkFactory
    ) -> None:
        await add_endpoint(uow_factory, endpoint())
        await self._seed(uow_factory)
        async with uow_factory() as uow:
            (event,) = await uow.outbox.list("org1")
            with pytest.raises(NotFound):
                await uow.outbox.get("org2", event.id)
            with pytest.raises(NotFound):
                await uow.webhook_endpoints.get("org2", "we1")
            assert await uow.outbox.list("org2") == []
            assert await uow.outbox.list("org2", after_id=event.id) == []

    async def test_a_resent_event_gets_a_new_delivery_and_rotation_keeps_both_secrets(
        self, uow_factory: UnitOfWorkFactory
    ) -> None:
        ep = await add_endpoint(uow_factory, endpoint())
        await self._seed(uow_factory)
        async with uow_factory() as uow:
            (event,) = await uow.outbox.list("org1")
            await uow.outbox.redeliver(event, ep, now=LATER)
            rotated = ep.rotate(secret=Secret("whsec_bmV3"), overlap=timedelta(hours=1), now=T0)
            await uow.webhook_endpoints.save(rotated)
            await uow.commit()
        async with uow_factory() as uow:
            assert len(await uow.outbox.deliveries("we1")) == 2
            stored = await uow.webhook_endpoints.get("org1", "we1")
        assert stored.signing_secrets(T0) == (
            Secret("whsec_bmV3"),
            Secret("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"),
        )
        assert stored.signing_secrets(T0 + timedelta(hours=2)) == (Secret("whsec_bmV3"),)

    async def test_purge_forgets_old_events(self, uow_factory: UnitOfWorkFactory) -> None:
        await add_endpoint(uow_factory, endpoint())
        await self._seed(uow_factory)
        async with uow_factory() as uow:
            assert await uow.outbox.purge(before=T0 + timedelta(seconds=1)) == 1
            await uow.commit()
        async with uow_factory() as uow:
            assert await uow.outbox.list("org1") == []
            assert await uow.outbox.deliveries("we1") == []
