"""One round over every connected channel (metrics sync, weekly insights): one action per
channel, failures collected and retried on the next round."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import attrs

from application.errors import DatabaseUnavailable
from application.ports import UnitOfWorkFactory

ChannelAction = Callable[..., Awaitable[object]]  # called as action(channel_id=...)


@attrs.frozen
class RoundResult:
    done: tuple[str, ...]
    failed: tuple[str, ...]


@attrs.frozen
class RunChannelRound:
    uow: UnitOfWorkFactory
    action: ChannelAction

    async def __call__(self) -> RoundResult:
        async with self.uow() as uow:
            channels = await uow.channels.connected()
        done, failed = [], []
        for channel in channels:
            try:
                await self.action(channel_id=channel.id)
                done.append(channel.id)
            except DatabaseUnavailable:
                raise  # nothing can be recorded: the worker waits for the database
            except Exception as exc:  # no channel stops the round
                failed.append(f"{channel.id}: {type(exc).__name__}: {exc}")
        return RoundResult(tuple(done), tuple(failed))
