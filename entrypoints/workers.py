"""The background workers: loops over the application's passes, stopped gracefully.

Each loop finishes the step it is in when asked to stop (SIGTERM): a post being published
is finished and its lease handed back, never abandoned mid-way by choice. Many processes
on many machines can run the same loops against one Postgres: claiming is by lease.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
from collections.abc import Awaitable, Callable, Coroutine
from typing import TYPE_CHECKING, Any

import structlog

from adapters.postgres.due_listener import PgDueListener

if TYPE_CHECKING:
    from entrypoints.container import Container

log = structlog.get_logger("tiktok_channel.workers")

IDLE_S = float(os.environ.get("TIKTOK_CHANNEL_IDLE_S", "1.0"))
RECLAIM_EVERY_S = 5.0
TOKENS_EVERY_S = float(os.environ.get("TIKTOK_CHANNEL_TOKENS_EVERY_S", "60"))
METRICS_EVERY_S = float(os.environ.get("TIKTOK_CHANNEL_METRICS_EVERY_S", "3600"))
INSIGHTS_EVERY_S = float(os.environ.get("TIKTOK_CHANNEL_INSIGHTS_EVERY_S", str(7 * 86_400)))
HOUSEKEEPING_EVERY_S = float(os.environ.get("TIKTOK_CHANNEL_HOUSEKEEPING_EVERY_S", "3600"))


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


async def publisher(
    c: Container, stop: asyncio.Event, progress: Callable[[int], None] | None = None
) -> None:
    run_pass = c.run_publisher_pass()
    listener = None
    if c.config.backend() == "postgres" and c.config.resolved_database_url():
        listener = PgDueListener(c.config.resolved_database_url())
        with contextlib.suppress(OSError):
            await listener.start()
    loop = asyncio.get_running_loop()
    last_reclaim = 0.0
    try:
        while not stop.is_set():
            reclaim = loop.time() - last_reclaim >= RECLAIM_EVERY_S
            if reclaim:
                last_reclaim = loop.time()
            result = await run_pass(include_lapsed=reclaim, progress=progress)
            for post in result.posts:
                log.info(
                    "post_published_step",
                    post_id=post.id,
                    status=post.status.value,
                    attempts=post.attempts,
                )
            for error in result.errors:
                log.warning("publish_step_failed", error=error)
            if not result.posts and not result.errors:
                await _pause(stop, IDLE_S, listener.wait if listener else None)
    finally:
        if listener is not None:
            await listener.close()


async def status(c: Container, stop: asyncio.Event) -> None:
    run_pass = c.run_tracker_pass()
    while not stop.is_set():
        tracked = await run_pass()
        for post in tracked:
            log.info(
                "post_tracked",
                post_id=post.id,
                status=post.status.value,
                tracking=post.tracking.value if post.tracking else None,
            )
        if not tracked:
            await _pause(stop, IDLE_S)


async def tokens(c: Container, stop: asyncio.Event) -> None:
    upkeep = c.run_token_upkeep()
    while not stop.is_set():
        result = await upkeep()
        for outcome in result.outcomes:
            log.info(
                "token_upkeep",
                channel_id=outcome.channel.id,
                refreshed=outcome.refreshed,
                reason=outcome.reason,
            )
        for failure in result.failed:
            log.warning("token_refresh_failed", error=failure)
        if result.alerts.sent or result.alerts.undelivered:
            log.info(
                "refresh_token_alerts",
                sent=list(result.alerts.sent),
                undelivered=list(result.alerts.undelivered),
            )
        await _pause(stop, TOKENS_EVERY_S)


def _round(name: str, every_s: float) -> Callable[[Container, asyncio.Event], Awaitable[None]]:
    async def loop(c: Container, stop: asyncio.Event) -> None:
        run_round = getattr(c, f"run_{name}_round")()
        while not stop.is_set():
            result = await run_round()
            log.info(f"{name}_round", done=len(result.done), failed=list(result.failed))
            await _pause(stop, every_s)

    return loop


async def housekeeping(c: Container, stop: asyncio.Event) -> None:
    """TikTok data of long-disconnected channels, old idempotency answers."""
    run = c.run_housekeeping()
    while not stop.is_set():
        done = await run()
        log.info(
            "housekeeping",
            purged=done.channel_rows_purged,
            idempotency_forgotten=done.idempotency_keys_forgotten,
            events_forgotten=done.events_forgotten,
        )
        await _pause(stop, HOUSEKEEPING_EVERY_S)


async def events(c: Container, stop: asyncio.Event) -> None:
    """Deliver outgoing events to the organisations' endpoints (at least once)."""
    deliver = c.deliver_events()
    while not stop.is_set():
        sent = await deliver()
        if sent:
            log.info("events_delivered", deliveries=sent)
        else:
            await _pause(stop, IDLE_S)


LOOPS: dict[str, Callable[[Container, asyncio.Event], Awaitable[None]]] = {
    "publisher": publisher,
    "status": status,
    "tokens": tokens,
    "metrics": _round("metrics", METRICS_EVERY_S),
    "insights": _round("insights", INSIGHTS_EVERY_S),
    "housekeeping": housekeeping,
    "events": events,
}


async def run_workers(names: list[str], container: Container, stop: asyncio.Event) -> None:
    log.info(
        "workers_started", workers=names, worker_id=container.config.worker_id(), pid=os.getpid()
    )
    await asyncio.gather(*(LOOPS[name](container, stop) for name in names))
    log.info("workers_stopped", workers=names)
