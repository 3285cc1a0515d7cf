"""The background workers: loops over the application's passes, stopped gracefully.

Each loop finishes the step it is in when asked to stop (SIGTERM): a post being published
is finished and its lease handed back, never abandoned mid-way by choice. Many processes
on many machines can run the same loops against one Postgres: claiming is by lease.
A pass that fails (the database lost or failing over) never ends a loop: it backs off,
with jitter, up to a cap, and resumes by itself (``supervise``).
"""

from __future__ import annotations

import asyncio
import os
import random
from collections.abc import Awaitable, Callable, Coroutine
from contextlib import AbstractAsyncContextManager
from typing import TYPE_CHECKING, Any, TypeVar

import attrs
import structlog

from application.errors import DatabaseUnavailable, UpstreamUnavailable
from entrypoints.log_context import Logged, logged_run

if TYPE_CHECKING:
    from adapters.postgres.due_listener import PgDueListener
    from entrypoints.container import Container

U = TypeVar("U")

log = structlog.get_logger("tiktok_channel.workers")

IDLE_S = float(os.environ.get("TIKTOK_CHANNEL_IDLE_S", "1.0"))
RECLAIM_EVERY_S = 5.0
TOKENS_EVERY_S = float(os.environ.get("TIKTOK_CHANNEL_TOKENS_EVERY_S", "60"))
METRICS_EVERY_S = float(os.environ.get("TIKTOK_CHANNEL_METRICS_EVERY_S", "3600"))
INSIGHTS_EVERY_S = float(os.environ.get("TIKTOK_CHANNEL_INSIGHTS_EVERY_S", str(7 * 86_400)))
ACCOUNTS_API_EVERY_S = float(os.environ.get("TIKTOK_CHANNEL_ACCOUNTS_API_EVERY_S", "21600"))
ADS_EVERY_S = float(os.environ.get("TIKTOK_CHANNEL_ADS_EVERY_S", "21600"))
HOUSEKEEPING_EVERY_S = float(os.environ.get("TIKTOK_CHANNEL_HOUSEKEEPING_EVERY_S", "3600"))
# After a failed pass (the database gone, say): wait, doubling, up to the cap, jittered.
BACKOFF_BASE_S = 0.5
BACKOFF_CAP_S = float(os.environ.get("TIKTOK_CHANNEL_BACKOFF_CAP_S", "30"))


async def _pause(
    stop: asyncio.Event,
    seconds: float,
    wake: Callable[[float], Coroutine[object, object, bool]] | None = None,
) -> None:
    """Sleep until the timeout, a stop request, or (publisher) a post becoming due."""
    waits: list[asyncio.Task[Any]] = [asyncio.create_task(stop.wait())]
    if wake is not None:
        waits.append(asyncio.create_task(wake(seconds)))
    try:
        await asyncio.wait(waits, timeout=seconds, return_when=asyncio.FIRST_COMPLETED)
    finally:
        for task in waits:
            task.cancel()
        await asyncio.gather(*waits, return_exceptions=True)


def backoff_s(failures: int) -> float:
    """Exponential from BACKOFF_BASE_S, capped at BACKOFF_CAP_S, jittered in its upper half
    (many workers losing one database do not come back in step)."""
    ceiling = min(BACKOFF_CAP_S, BACKOFF_BASE_S * 2 ** min(failures - 1, 30))
    return random.uniform(ceiling / 2, ceiling)


Step = Callable[[], Awaitable[float]]  # one pass; returns how long to rest before the next


async def supervise(
    name: str,
    stop: asyncio.Event,
    step: Step,
    wake: Callable[[float], Coroutine[object, object, bool]] | None = None,
) -> None:
    """Run ``step`` until asked to stop. A pass that fails (the database lost, refusing
    connections or failing over; anything unforeseen) is logged and the loop backs off
    and tries again: only a stop request ends it. The rest a pass asks for may be cut
    short by ``wake``."""
    failures = 0
    while not stop.is_set():
        try:
            rest = await step()
        except Exception as exc:
            failures += 1
            delay = backoff_s(failures)
            if isinstance(exc, UpstreamUnavailable):
                log.warning(
                    "worker_waiting",
                    worker=name,
                    error=str(exc),
                    failures=failures,
                    retry_in_s=delay,
                )
            else:
                log.exception(
                    "worker_pass_failed", worker=name, failures=failures, retry_in_s=delay
                )
            await _pause(stop, delay)
            continue
        if failures:
            log.info("worker_resumed", worker=name, after_failures=failures)
            failures = 0
        if rest > 0:
            await _pause(stop, rest, wake)


def observed(use_case: U) -> U:
    """The pass with each item it works on as one logged run (``log_context.logged_run``):
    its ids bound to what is logged meanwhile, one canonical ``use_case`` line at its end."""
    # mypy's attrs plugin takes no type variable here, even one bound to AttrsInstance.
    return attrs.evolve(use_case, runs=logged_run)  # type: ignore[misc]


async def publisher(
    c: Container, stop: asyncio.Event, progress: Callable[[int], None] | None = None
) -> None:
    step, listener = publisher_step(c, progress)
    try:
        await supervise("publisher", stop, step, listener.wait if listener else None)
    finally:
        if listener is not None:
            await listener.close()


def publisher_step(
    c: Container, progress: Callable[[int], None] | None = None
) -> tuple[Step, PgDueListener | None]:
    """One publisher pass (each post's ``publish_due_post`` run logs its own line, as the
    container wires it), and the listener that wakes the loop when a post becomes due."""
    run_pass = c.run_publisher_pass()
    listener = None
    if c.config.backend() == "postgres":
        from adapters.postgres.due_listener import PgDueListener  # asyncpg: only if used

        listener = PgDueListener(c.database().url)
    loop = asyncio.get_running_loop()
    last_reclaim = -RECLAIM_EVERY_S

    async def step() -> float:
        nonlocal last_reclaim
        reclaim = loop.time() - last_reclaim >= RECLAIM_EVERY_S
        result = await run_pass(include_lapsed=reclaim, progress=progress)
        if reclaim:
            last_reclaim = loop.time()
        if result.errors:
            log.warning("publisher_pass", published=len(result.posts), errors=len(result.errors))
        return 0.0 if result.posts or result.errors else IDLE_S

    return step, listener


def status_step(c: Container) -> Step:
    run_pass = observed(c.run_tracker_pass())

    async def step() -> float:
        result = await run_pass()
        if result.posts or result.errors:
            log.info("tracker_pass", tracked=len(result.posts), errors=len(result.errors))
        return 0.0 if result.posts else IDLE_S

    return step


def tokens_step(c: Container) -> Step:
    upkeep = observed(c.run_token_upkeep())

    async def step() -> float:
        result = await upkeep()
        if result.alerts.sent or result.alerts.undelivered:
            log.info(
                "refresh_token_alerts",
                sent=list(result.alerts.sent),
                undelivered=list(result.alerts.undelivered),
            )
        return TOKENS_EVERY_S

    return step


# The channel rounds: the worker's name, the container's round, its action's name.
ROUNDS = {
    "metrics": ("run_metrics_round", "sync_metrics", METRICS_EVERY_S),
    "insights": ("run_insights_round", "compute_insight", INSIGHTS_EVERY_S),
}


def round_step(c: Container, name: str) -> Step:
    provider, use_case, every_s = ROUNDS[name]
    run_round = attrs.evolve(getattr(c, provider)(), runs=logged_run, use_case=use_case)

    async def step() -> float:
        result = await run_round()
        log.info(f"{name}_round", done=len(result.done), failed=len(result.failed))
        return every_s

    return step


def housekeeping_step(c: Container) -> Step:
    """TikTok data of long-disconnected channels, old idempotency answers: one run."""
    run = Logged("run_housekeeping", c.run_housekeeping())

    async def step() -> float:
        done = await run()
        log.info(
            "housekeeping",
            purged=done.channel_rows_purged,
            idempotency_forgotten=done.idempotency_keys_forgotten,
            events_forgotten=done.events_forgotten,
        )
        return HOUSEKEEPING_EVERY_S

    return step


def events_step(c: Container) -> Step:
    """Deliver outgoing events to the organisations' endpoints (at least once)."""
    deliver = observed(c.deliver_events())

    async def step() -> float:
        sent = await deliver()
        return 0.0 if sent else IDLE_S

    return step


def sync_step(c: Container) -> Step:
    """Run the syncs organisations asked for (POST /v1/sync-jobs), one job at a time."""
    run = observed(c.run_sync_jobs())

    async def step() -> float:
        job = await run()
        if job is None:
            return IDLE_S
        log.info(
            "sync_job",
            sync_job_id=job.id,
            organisation_id=job.organisation_id,
            status=job.status.value,
            synced=len(job.synced),
            failed=len(job.failures),
        )
        return 0.0

    return step


def accounts_api_step(c: Container) -> Step:
    """The Accounts API: tokens refreshed before their 24 h run out (every pass), and every
    ACCOUNTS_API_EVERY_S the insights synced and comments reconciled."""
    business = c.business()
    upkeep, round_ = observed(business.upkeep), observed(business.round)
    loop = asyncio.get_running_loop()
    next_round = 0.0

    async def step() -> float:
        nonlocal next_round
        await upkeep()
        if loop.time() >= next_round:
            result = await round_()
            log.info("accounts_api_round", done=len(result.done), failed=len(result.failed))
            next_round = loop.time() + ACCOUNTS_API_EVERY_S
        return TOKENS_EVERY_S

    return step


def ads_step(c: Container) -> Step:
    """Ads, every ADS_EVERY_S: lost creates finished, reviews polled, reports of yesterday
    and today synced for every connected ad account (the daily report sync)."""
    round_ = observed(c.ads().round)

    async def step() -> float:
        done = await round_()
        log.info("ads_round", accounts=done.accounts, report_rows=done.report_rows,
                 reviews_changed=done.reviews_changed, failed=len(done.failed))  # fmt: skip
        return ADS_EVERY_S

    return step


# Every worker kind but the publisher (which also listens for due posts): one pass each.
STEPS: dict[str, Callable[[Container], Step]] = {
    "status": status_step,
    "tokens": tokens_step,
    "metrics": lambda c: round_step(c, "metrics"),
    "insights": lambda c: round_step(c, "insights"),
    "housekeeping": housekeeping_step,
    "events": events_step,
    "sync": sync_step,
    "accounts_api": accounts_api_step,
    "ads": ads_step,
}


def _loop(name: str) -> Callable[[Container, asyncio.Event], Awaitable[None]]:
    async def loop(c: Container, stop: asyncio.Event) -> None:
        await supervise(name, stop, STEPS[name](c))

    loop.__name__ = name
    return loop


LOOPS: dict[str, Callable[[Container, asyncio.Event], Awaitable[None]]] = {
    "publisher": publisher,
    **{name: _loop(name) for name in STEPS},
}


async def run_workers_when_ready(
    names: list[str],
    open_container: Callable[[], AbstractAsyncContextManager[Container]],
    stop: asyncio.Event,
) -> None:
    """Open the container's resources and run the loops until asked to stop. A database
    that cannot be reached yet (a restart, a failover) is waited for like a lost one
    (backing off); bad configuration (refused credentials, an unknown database, a bad
    setting) still ends the process with its message."""
    failures = 0
    while not stop.is_set():
        try:
            async with open_container() as container:
                await run_workers(names, container, stop)
            return
        except DatabaseUnavailable as exc:
            failures += 1
            delay = backoff_s(failures)
            log.warning(
                "worker_waiting",
                worker="start",
                error=str(exc),
                failures=failures,
                retry_in_s=delay,
            )
            await _pause(stop, delay)


async def run_workers(names: list[str], container: Container, stop: asyncio.Event) -> None:
    log.info(
        "workers_started", workers=names, worker_id=container.config.worker_id(), pid=os.getpid()
    )
    await asyncio.gather(*(LOOPS[name](container, stop) for name in names))
    log.info("workers_stopped", workers=names)
