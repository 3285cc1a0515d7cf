"""One round over every connected channel (metrics sync, weekly insights): one action per
channel, failures collected and retried on the next round."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import attrs

from application.errors import DatabaseUnavailable
from application.ports import UnitOfWorkFactory
from application.ports.runs import Runs, unobserved

ChannelAction = Callable[..., Awaitable[object]]  # called as action(channel_id=...)


@attrs.frozen
class RoundResult:
    done: tuple[str, ...]
    failed: tuple[str, ...]


@attrs.frozen
class RunChannelRound:
    uow: UnitOfWorkFactory
    action: ChannelAction
    runs: Runs = unobserved  # each channel's action is one run
    use_case: str = "channel_round"  # the action's name, for its runs

    async def __call__(self) -> RoundResult:
        async with self.uow() as uow:
            channels = await uow.channels.connected()
        done, failed = [], []
        for channel in channels:
            with self.runs(
                self.use_case, channel_id=channel.id, organisation_id=channel.organisation_id
            ) as run:
                try:
                    await self.action(channel_id=channel.id)
                    done.append(channel.id)
                except DatabaseUnavailable:
                    raise  # nothing can be recorded: the worker waits for the database
                except Exception as exc:  # no channel stops the round
                    run.failed(exc)
                    failed.append(f"{channel.id}: {type(exc).__name__}: {exc}")
        return RoundResult(tuple(done), tuple(failed))
