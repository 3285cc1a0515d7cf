"""`tiktok-channel`: the admin CLI. Heavy modules are imported inside commands, so that
``--help`` stays fast."""

from __future__ import annotations

import asyncio
import sys
from typing import Any

import click

EXIT_USAGE = 2
EXIT_FAILED = 1


class CliError(click.ClickException):
    """A clear message and a non-zero exit, never a traceback."""

    exit_code = EXIT_FAILED


def run(coro: Any) -> Any:
    return asyncio.run(coro)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--log-level", default="INFO", show_default=True, envvar="TIKTOK_CHANNEL_LOG_LEVEL",
              help="Log level of the structured log on stderr.")
@click.pass_context
def cli(ctx: click.Context, log_level: str) -> None:
    """TikTok as a publishing channel: connect accounts, publish, track, analyse."""
    ctx.ensure_object(dict)
    ctx.obj["log_level"] = log_level


@cli.group()
def db() -> None:
    """Database: migrate, status, embedded PostgreSQL."""


@cli.group()
def sandbox() -> None:
    """The local TikTok emulator: run it, script it."""


@cli.group()
def serve() -> None:
    """The HTTP API: webhooks, OAuth callback, posts, channels."""


@cli.group()
def worker() -> None:
    """Background workers: publisher, status tracker, token refresher, metrics."""


@cli.group()
def channels() -> None:
    """Connected TikTok accounts: connect, verify, refresh, disconnect."""


@cli.group()
def posts() -> None:
    """Posts: create, approve, schedule, publish, retry, manual kit."""


@cli.group()
def insights() -> None:
    """Analytics: sync metrics and compute the weekly ChannelInsight."""


@cli.group()
def keys() -> None:
    """Encryption keys for tokens at rest."""


@keys.command("generate")
@click.option("--id", "key_id", default="k1", show_default=True, help="Name of the new key.")
def keys_generate(key_id: str) -> None:
    """Print a new AES-256 key as ``id:base64``, ready for TIKTOK_CHANNEL_TOKEN_KEYS."""
    from adapters.system.cipher import AesGcmCipher

    if not key_id.isidentifier():
        raise CliError(f"key id {key_id!r} must be letters, digits and underscores")
    click.echo(f"{key_id}:{AesGcmCipher.generate_key()}")


@cli.group()
def errors() -> None:
    """The TikTok error taxonomy."""


@errors.command("explain")
@click.argument("code")
@click.option("--source", type=click.Choice(["api", "fail_reason", "oauth", "upload", "client"]),
              default=None, help="Where the code came from (default: every source).")
def errors_explain(code: str, source: str | None) -> None:
    """What a TikTok error code means, whether it is retried, and what to do."""
    from domain.tiktok_errors import Category, ErrorSource, spec_for

    sources = [ErrorSource(source)] if source else list(ErrorSource)
    specs = [s for s in (spec_for(src, code) for src in sources)
             if s.category is not Category.UNKNOWN]
    if not specs:
        raise CliError(f"{code!r} is not a documented TikTok error code")
    for spec in specs:
        click.echo(f"{spec.source}:{spec.code}\n  category: {spec.category}\n"
                   f"  retry:    {spec.retry}\n  meaning:  {spec.message}\n"
                   f"  action:   {spec.remedy}")


@cli.command()
@click.pass_context
def demo(ctx: click.Context) -> None:
    """Publish a video end to end against the built-in TikTok, on embedded defaults."""
    from domain.post_state import PostStatus
    from entrypoints.demo import render, run_demo
    from entrypoints.log_config import configure_logging

    configure_logging(ctx.obj["log_level"])
    result = run(run_demo())
    click.echo(render(result))
    if result.post.status is not PostStatus.PUBLISHED or result.posted_on_tiktok != 1:
        raise CliError(f"demo ended with the post {result.post.status}, not published")


def main() -> None:  # pragma: no cover - console script shim
    sys.exit(cli(standalone_mode=True))
