"""One pass of the event delivery worker: lease due deliveries, send each, record it.

At least once: the lease is committed before sending, so a worker killed mid-send leaves
a lease that lapses and another worker sends the same event again (same ``webhook-id``,
which receivers de-duplicate by). A delivery that runs out of its 72 hours disables its
endpoint and alerts.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import timedelta

import attrs

from application.ports import AdminAlert, Clock, Notifier, UnitOfWorkFactory
from application.ports.outgoing import DeliveryJob, EventSender
from application.ports.runs import Runs, unobserved
from domain.event_delivery import AttemptOutcome, Delivery


@attrs.frozen
class DeliverEvents:
    uow: UnitOfWorkFactory
    clock: Clock
    sender: EventSender
    notifier: Notifier
    worker_id: str
    jitter: Callable[[], float]  # a random fraction in [0, 1)
    lease_for: timedelta = timedelta(seconds=60)
    batch: int = 20
    runs: Runs = unobserved  # each delivery attempt is one run

    async def __call__(self) -> int:
        """Returns how many deliveries were attempted."""
        async with self.uow() as uow:
            jobs = await uow.outbox.claim(
                now=self.clock.now(),
                worker_id=self.worker_id,
                lease_for=self.lease_for,
                limit=self.batch,
            )
            await uow.commit()
        await asyncio.gather(*(self._deliver(job) for job in jobs))
        return len(jobs)

    async def _deliver(self, job: DeliveryJob) -> None:
        """One attempt, as one run (in its own task: its ids stay its own)."""
        with self.runs(
            "deliver_event",
            organisation_id=job.delivery.organisation_id,
            endpoint_id=job.delivery.endpoint_id,
            event_id=job.delivery.event_id,
        ) as run:
            outcome, delivery = await self._attempt(job)
            run.note(status_code=outcome.status_code, attempts=delivery.attempts)
            if not outcome.ok:
                run.failed(f"http_{outcome.status_code}" if outcome.status_code else "no_answer")
                run.note(error=outcome.error or None, gave_up=delivery.gave_up)

    async def _attempt(self, job: DeliveryJob) -> tuple[AttemptOutcome, Delivery]:
        now = self.clock.now()
        outcome = await self.sender.send(
            url=job.endpoint.url,
            event=job.event,
            secrets=job.endpoint.signing_secrets(now),
            now=now,
        )
        delivery = job.delivery.after(outcome, jitter=self.jitter())
        async with self.uow() as uow:
            await uow.outbox.record(delivery, outcome)
            if delivery.gave_up:
                endpoint = await uow.webhook_endpoints.get(
                    delivery.organisation_id, delivery.endpoint_id
                )
                reason = (
                    f"event {delivery.event_id} undelivered for 72 hours: {delivery.last_error}"
                )
                await uow.webhook_endpoints.save(endpoint.disable(reason=reason, now=now))
            await uow.commit()
        if delivery.gave_up:
            await self.notifier.notify(
                AdminAlert(
                    "webhook_endpoint_disabled",
                    delivery.organisation_id,
                    delivery.endpoint_id,
                    f"endpoint {delivery.endpoint_id} disabled: event {delivery.event_id} "
                    f"undelivered for 72 hours ({delivery.last_error})",
                    now,
                )
            )
        return outcome, delivery
