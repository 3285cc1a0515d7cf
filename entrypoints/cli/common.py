"""What every CLI command shares: errors as messages with exit codes, the runtime
container, and output for people (tables) or scripts (``--json``)."""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable, Coroutine, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

import click

if TYPE_CHECKING:
    from entrypoints.container import Container

T = TypeVar("T")

EXIT_USAGE = 2
EXIT_FAILED = 1
# What a running service uses unless the environment says otherwise.
RUNTIME = {"backend": "postgres", "tiktok": "http", "storage": "local", "probe": "pyav"}


class CliError(click.ClickException):
    """A clear message and a non-zero exit, never a traceback."""

    exit_code = EXIT_FAILED


class Cli(click.Group):
    """The root command group: whatever a command raises that is not already a click
    error (an OverflowError from a socket, a ValueError from a store...) becomes a message
    and exit 1, so no command can end in a traceback, including ones written later."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (click.ClickException, click.exceptions.Exit, click.Abort):
            raise
        except Exception as exc:
            raise CliError(explain(exc) or type(exc).__name__) from None


PORT = click.IntRange(0, 65535)


def run(coro: Coroutine[Any, Any, T]) -> T:
    import asyncio  # here, not at the top: --help stays fast

    return asyncio.run(coro)


PHOTO_SUFFIXES = (".jpg", ".jpeg", ".webp", ".png", ".gif", ".bmp")
VIDEO_TYPES = {".mp4": "video/mp4", ".mov": "video/quicktime", ".webm": "video/webm"}


def content_type_for(name: str) -> tuple[str, bool]:
    """(content type, is a photo) of a file by its name."""
    suffix = "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if suffix in PHOTO_SUFFIXES:
        return ("image/webp" if suffix == ".webp" else "image/jpeg"), True
    return VIDEO_TYPES.get(suffix, "video/mp4"), False


async def put_with_progress(put: Any, path: Any, *, show: bool = True) -> str:
    """Stream a local file into object storage behind a progress bar: ``put(progress,
    content_type)`` stores it; returns the key stored."""
    import os

    from rich.progress import BarColumn, DownloadColumn, Progress, TransferSpeedColumn

    content_type, _ = content_type_for(str(path))
    import asyncio

    size = await asyncio.to_thread(os.path.getsize, path)
    with Progress(
        "{task.description}",
        BarColumn(),
        DownloadColumn(),
        TransferSpeedColumn(),
        transient=True,
        disable=not show,
    ) as bar:
        task = bar.add_task(f"uploading {os.path.basename(path)}", total=size)
        stored = await put(lambda n: bar.update(task, completed=n), content_type)
    return str(stored.key)


org_option = click.option(
    "--org",
    envvar="TIKTOK_CHANNEL_ORG",
    required=True,
    help="The organisation to act for (env TIKTOK_CHANNEL_ORG).",
)
json_option = click.option("--json", "as_json", is_flag=True, help="Print JSON for scripts.")


def explain(exc: BaseException) -> str:
    """One readable message for any error a use-case may raise."""
    import cattrs

    from domain.errors import RulesViolated

    if isinstance(exc, RulesViolated):
        return "refused:\n" + "\n".join(
            f"  {v.field}: {v.message} [{v.code}]" for v in exc.violations
        )
    if isinstance(exc, cattrs.BaseValidationError):
        return "invalid input:\n" + "\n".join(
            f"  {m}" for m in cattrs.transform_error(exc, path="input")
        )
    return str(exc)


def _asked_log() -> tuple[str, str] | None:
    """(the command's path, the log level) when a log was asked for (``--log-level`` or
    TIKTOK_CHANNEL_LOG_LEVEL); None by default, so a command's output stays clean."""
    ctx = click.get_current_context(silent=True)
    root = ctx.find_root().obj if ctx is not None else None
    if ctx is None or not isinstance(root, dict) or not root.get("log_asked"):
        return None
    return ctx.command_path.partition(" ")[2] or ctx.command_path, str(root["log_level"])


def act(work: Callable[[Container], Awaitable[T]], **overrides: Any) -> T:
    """Run ``work(container)`` on the runtime container; every failure becomes a CliError.
    With a log asked for, the run is one canonical ``use_case`` line (``cli <command>``:
    outcome, duration, TikTok calls), as a worker's item is."""
    import cattrs

    from application.errors import ApplicationError
    from domain.errors import DomainError
    from entrypoints.container import open_container
    from entrypoints.settings import from_env

    asked = _asked_log()

    async def go() -> T:
        async with open_container(**{**RUNTIME, **from_env(), **overrides}) as container:
            if asked is None:
                return await work(container)
            import structlog

            from entrypoints.log_config import configure_logging
            from entrypoints.log_context import logged_run

            if not structlog.is_configured():  # a host (a test's capture) may have already
                configure_logging(asked[1])
            with logged_run(f"cli {asked[0]}"):
                return await work(container)

    try:
        return run(go())
    except (
        ApplicationError,
        DomainError,
        cattrs.BaseValidationError,
        ValueError,
        RuntimeError,
        OSError,
    ) as exc:
        raise CliError(explain(exc)) from None


def emit(data: Any, as_json: bool, columns: Sequence[str] = ()) -> None:
    """JSON for scripts; for people a table of ``columns`` (lists) or key: value lines."""
    if as_json:
        click.echo(json.dumps(data, indent=2, default=str))
        return
    from rich.console import Console
    from rich.table import Table

    console = Console()
    items = data.get("items") if isinstance(data, dict) and "items" in data else None
    if items is not None and columns:
        table = Table(*columns)
        for item in items:
            table.add_row(*(_cell(item.get(c)) for c in columns))
        console.print(table)
        if data.get("next_after"):
            console.print(f"more: --after {data['next_after']}")
        return
    for key, value in data.items() if isinstance(data, dict) else [("value", data)]:
        console.print(f"[bold]{key}[/bold]: {_cell(value)}", highlight=False)


def _cell(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, dict | list):
        return json.dumps(value, default=str)
    return str(value)
