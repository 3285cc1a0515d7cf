"""`tiktok-channel`: the admin CLI. Heavy modules are imported inside commands, so that
``--help`` stays fast."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any

import click

if TYPE_CHECKING:
    import asyncio

from entrypoints.cli.common import (
    PHOTO_SUFFIXES,
    PORT,
    RUNTIME,
    Cli,
    CliError,
    content_type_for,
    run,
)


@click.group(cls=Cli, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--log-level",
    default="INFO",
    show_default=True,
    envvar="TIKTOK_CHANNEL_LOG_LEVEL",
    help="Log level of the structured log on stderr. Given (flag or environment), a "
    "command that runs a use-case also logs its canonical use_case line.",
)
@click.pass_context
def cli(ctx: click.Context, log_level: str) -> None:
    """TikTok as a publishing channel: connect accounts, publish, track, analyse."""
    ctx.ensure_object(dict)
    ctx.obj["log_level"] = log_level
    # A command's own output stays clean unless a log was asked for.
    ctx.obj["log_asked"] = ctx.get_parameter_source("log_level") not in (
        click.core.ParameterSource.DEFAULT,
        None,
    )


@cli.group()
def db() -> None:
    """Database: migrate, status, embedded PostgreSQL (used when DATABASE_URL is unset)."""


def _database_settings(keep: bool = False) -> dict[str, Any]:
    from entrypoints.settings import from_env

    return {**from_env(), "backend": "postgres", "keep_database": keep}


def _upstream(exc: Exception) -> CliError:
    return CliError(str(exc))


@db.command("migrate")
@click.option("--keep", is_flag=True, help="Leave the embedded server running afterwards.")
def db_migrate(keep: bool) -> None:
    """Apply every pending migration (each in its own transaction)."""
    from adapters.postgres.database import redact_url
    from adapters.postgres.migrate import migrate
    from application.errors import UpstreamUnavailable
    from entrypoints.container import open_container

    async def go() -> tuple[list[str], str]:
        async with (
            open_container(run_migrations=False, **_database_settings(keep)) as c,
            c.db_pool().acquire() as conn,
        ):
            dsn = c.config.database_url() or "the embedded PostgreSQL"
            return await migrate(conn), redact_url(dsn)

    try:
        applied, where = run(go())
    except UpstreamUnavailable as exc:
        raise _upstream(exc) from None
    except RuntimeError as exc:  # the embedded server could not be set up
        raise CliError(str(exc)) from None
    click.echo(
        f"{where}: "
        + (f"applied {', '.join(applied)}" if applied else "up to date, nothing to apply")
    )


@db.command("status")
def db_status() -> None:
    """Which migrations are applied and which are pending."""
    from adapters.postgres.migrate import applied, available
    from application.errors import UpstreamUnavailable
    from entrypoints.container import open_container

    async def go() -> list[str]:
        async with (
            open_container(run_migrations=False, **_database_settings()) as c,
            c.db_pool().acquire() as conn,
        ):
            return await applied(conn)

    try:
        done = set(run(go()))
    except (UpstreamUnavailable, RuntimeError) as exc:
        raise CliError(str(exc)) from None
    for version, _ in available():
        click.echo(f"{'applied' if version in done else 'pending'}  {version}")


@db.command("start")
def db_start() -> None:
    """Start the embedded PostgreSQL and leave it running; prints its URL."""
    from adapters.postgres.embedded import EmbeddedPostgres, EmbeddedPostgresError
    from entrypoints.settings import data_dir, from_env

    try:
        server = EmbeddedPostgres(data_dir(from_env().get("data_dir")) / "postgres")
        server.start()
    except EmbeddedPostgresError as exc:
        raise CliError(str(exc)) from None
    click.echo(server.url)


@db.command("stop")
def db_stop() -> None:
    """Stop the embedded PostgreSQL."""
    from adapters.postgres.embedded import EmbeddedPostgres, EmbeddedPostgresError
    from entrypoints.settings import data_dir, from_env

    try:
        EmbeddedPostgres(data_dir(from_env().get("data_dir")) / "postgres").stop()
    except EmbeddedPostgresError as exc:
        raise CliError(str(exc)) from None
    click.echo("stopped")


@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True, envvar="TIKTOK_SANDBOX_HOST")
@click.option("--port", default=8765, show_default=True, type=PORT, envvar="TIKTOK_SANDBOX_PORT")
@click.option("--client-key", envvar="TIKTOK_SANDBOX_CLIENT_KEY", help="Default: printed at start.")
@click.option(
    "--client-secret", envvar="TIKTOK_SANDBOX_CLIENT_SECRET", help="Default: printed at start."
)
@click.option(
    "--auto-approve",
    is_flag=True,
    envvar="TIKTOK_SANDBOX_AUTO_APPROVE",
    help="The authorize page redirects at once, as the first creator.",
)
@click.option("--webhook-url", envvar="TIKTOK_SANDBOX_WEBHOOK_URL")
@click.option(
    "--verified-prefix",
    "verified_prefixes",
    multiple=True,
    envvar="TIKTOK_SANDBOX_VERIFIED_PREFIXES",
    help="URL prefix (or bare domain) allowed for PULL_FROM_URL; repeatable.",
)
@click.option(
    "--processing-delay",
    default=1.0,
    show_default=True,
    type=float,
    envvar="TIKTOK_SANDBOX_PROCESSING_DELAY",
)
@click.option(
    "--moderation-delay",
    default=2.0,
    show_default=True,
    type=float,
    envvar="TIKTOK_SANDBOX_MODERATION_DELAY",
)
@click.option(
    "--redirect-uri",
    "redirect_uris",
    multiple=True,
    envvar="TIKTOK_SANDBOX_REDIRECT_URIS",
    help="Registered redirect URI; repeatable. Default: any http loopback URI.",
)
@click.option(
    "--token-preset",
    type=click.Choice(["current", "legacy"]),
    default="current",
    show_default=True,
    help="current: 2 h / 180 d, rotated; legacy: 24 h / 365 d.",
)
@click.option("--access-token-lifetime", type=int, help="Seconds; overrides the preset.")
@click.option("--refresh-token-lifetime", type=int, help="Seconds; overrides the preset.")
@click.option("--unaudited", is_flag=True, help="Act as an unaudited client.")
@click.option(
    "--mb",
    "mb_reading",
    type=click.Choice(["decimal", "binary", "both"]),
    default="both",
    show_default=True,
    help="How chunk-rule MB is read.",
)
@click.option(
    "--unknown-fields",
    type=click.Choice(["refuse", "ignore"]),
    default="refuse",
    show_default=True,
    help="A `fields` query naming an undocumented field: invalid_params, or left out.",
)
@click.option(
    "--upload-answer-body",
    type=click.Choice(["empty", "text", "json"]),
    default="empty",
    show_default=True,
    help="Body of upload-URL answers (TikTok documents none).",
)
@click.option("--duplicate-webhooks", is_flag=True, help="Deliver every event twice.")
@click.option("--error-rate", type=float, default=0.0, help="Probability of a 5xx.")
@click.option("--timeout-rate", type=float, default=0.0, help="Probability of no answer.")
@click.option("--latency-ms", type=int, default=0, help="Added to every API call.")
@click.option(
    "--daily-post-cap",
    type=int,
    default=15,
    show_default=True,
    help="Direct Posts per creator per 24 h.",
)
@click.option(
    "--creators",
    "creators_file",
    type=click.Path(exists=True, dir_okay=False),
    envvar="TIKTOK_SANDBOX_CREATORS",
    help="JSON list of creators to seed instead of the defaults.",
)
def sandbox(
    host: str,
    port: int,
    client_key: str | None,
    client_secret: str | None,
    auto_approve: bool,
    webhook_url: str | None,
    verified_prefixes: tuple[str, ...],
    processing_delay: float,
    moderation_delay: float,
    redirect_uris: tuple[str, ...],
    token_preset: str,
    access_token_lifetime: int | None,
    refresh_token_lifetime: int | None,
    unaudited: bool,
    mb_reading: str,
    unknown_fields: str,
    upload_answer_body: str,
    duplicate_webhooks: bool,
    error_rate: float,
    timeout_rate: float,
    latency_ms: int,
    daily_post_cap: int,
    creators_file: str | None,
) -> None:
    """Serve the local TikTok emulator (API, authorize page, uploads, /_sandbox/ control)."""
    from datetime import timedelta

    from aiohttp import web

    from adapters.sandbox.app import create_app
    from adapters.sandbox.settings import (
        Faults,
        MbReading,
        SandboxSettings,
        TokenPreset,
        UnknownFields,
        UploadAnswerBody,
    )

    defaults = SandboxSettings()
    if creators_file:
        defaults.creators = _load_creators(creators_file)
    settings = SandboxSettings(
        client_key=client_key or defaults.client_key,
        client_secret=client_secret or defaults.client_secret,
        auto_approve=auto_approve,
        webhook_url=webhook_url,
        verified_prefixes=verified_prefixes,
        processing_delay=processing_delay,
        moderation_delay=moderation_delay,
        redirect_uris=redirect_uris,
        token_preset=TokenPreset(token_preset),
        access_token_lifetime=timedelta(seconds=access_token_lifetime)
        if access_token_lifetime
        else None,
        refresh_token_lifetime=timedelta(seconds=refresh_token_lifetime)
        if refresh_token_lifetime
        else None,
        audited=not unaudited,
        mb_reading=MbReading(mb_reading),
        unknown_fields=UnknownFields(unknown_fields),
        upload_answer_body=UploadAnswerBody(upload_answer_body),
        duplicate_webhooks=duplicate_webhooks,
        daily_post_cap=daily_post_cap,
        faults=Faults(error_rate=error_rate, timeout_rate=timeout_rate, latency_ms=latency_ms),
        public_base_url=f"http://{host}:{port}",
        creators=defaults.creators,
    )
    from adapters.sandbox.business import BusinessSettings

    business = BusinessSettings()
    click.echo(
        f"TikTok sandbox on http://{host}:{port}\n"
        f"  client_key    {settings.client_key}\n"
        f"  client_secret {settings.client_secret}\n"
        f"  creators      {', '.join(c.username for c in settings.creators)}\n"
        f"  control API   http://{host}:{port}/_sandbox/\n"
        f"  Accounts API  app id {business.app_id}, secret {business.secret}\n"
        f"                accounts {', '.join(a.username for a in business.accounts)};"
        f" authorize http://{host}:{port}/tt_user/auth/authorize/"
    )
    try:
        web.run_app(
            create_app(settings, business_settings=business), host=host, port=port, print=None
        )
    except OSError as exc:
        raise CliError(f"cannot serve on {host}:{port}: {exc.strerror or exc}") from None


@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True, envvar="TIKTOK_CHANNEL_HOST")
@click.option("--port", default=8080, show_default=True, type=PORT, envvar="TIKTOK_CHANNEL_PORT")
@click.option(
    "--workers",
    "with_workers",
    is_flag=True,
    help="Also run every background worker in this process.",
)
@click.pass_context
def serve(ctx: click.Context, host: str, port: int, with_workers: bool) -> None:
    """The HTTP API (/v1, /docs, /openapi.json), health, readiness, /metrics, the TikTok
    webhook receiver, the OAuth callback and signed media links."""

    # First: it imports structlog, without rich off a terminal (entrypoints/lean_imports.py).
    from entrypoints.log_config import configure_logging

    # isort: split
    from aiohttp import web

    from application.errors import UpstreamUnavailable
    from entrypoints.http.app import create_serving_app
    from entrypoints.http.keys import CONTAINER
    from entrypoints.settings import from_env
    from entrypoints.workers import run_workers

    configure_logging(ctx.obj["log_level"])
    settings = {
        **RUNTIME,
        "media_base_url": f"http://{host}:{port}/media",
        "redirect_uri": f"http://{host}:{port}/oauth/tiktok/callback",
        **from_env(),
    }

    async def go() -> None:
        stop = _stop_on_signals()
        app = create_serving_app(**settings)
        # No aiohttp access log: the canonical request line replaces it, and an access
        # line would carry query strings (an OAuth code, an approval link's token).
        runner = web.AppRunner(app, access_log=None)
        await runner.setup()  # opens the container's resources (cleanup_ctx)
        try:
            await web.TCPSite(runner, host, port).start()
            click.echo(
                f"serving on http://{host}:{port} (API /v1, docs /docs, "
                f"webhooks /connect/webhook/tiktok)"
            )
            if with_workers:
                await run_workers(list(WORKER_NAMES), app[CONTAINER], stop)
            else:
                await stop.wait()
        finally:
            await runner.cleanup()

    try:
        run(go())
    except (UpstreamUnavailable, RuntimeError, ValueError, OSError) as exc:
        raise CliError(str(exc)) from None


WORKER_NAMES = (
    "publisher",
    "status",
    "tokens",
    "metrics",
    "insights",
    "housekeeping",
    "events",
    "sync",
    "accounts_api",
    "ads",
)


def _stop_on_signals() -> asyncio.Event:
    """An event set by SIGTERM or SIGINT (call inside the running loop)."""
    import asyncio
    import signal

    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    return stop


@cli.command()
@click.argument("which", type=click.Choice([*WORKER_NAMES, "all"]))
@click.option(
    "--worker-id",
    envvar="TIKTOK_CHANNEL_WORKER_ID",
    default=None,
    help="Names this process's leases (default: host and pid).",
)
@click.pass_context
def worker(ctx: click.Context, which: str, worker_id: str | None) -> None:
    """Run background workers until SIGTERM: publisher, status, tokens, metrics, insights,
    housekeeping, events (outgoing event delivery), sync (syncs asked for), accounts_api
    (Accounts API tokens, insights and comment reconciliation), or all of them."""
    import os
    import socket

    # First: it imports structlog, without rich off a terminal (entrypoints/lean_imports.py).
    from entrypoints.log_config import configure_logging

    # isort: split
    from application.errors import UpstreamUnavailable
    from entrypoints.container import open_container
    from entrypoints.settings import from_env
    from entrypoints.workers import run_workers_when_ready

    configure_logging(ctx.obj["log_level"])
    names = list(WORKER_NAMES) if which == "all" else [which]
    settings = {
        **RUNTIME,
        **from_env(),
        "worker_id": worker_id or f"{socket.gethostname()}-{os.getpid()}",
    }

    async def go() -> None:
        stop = _stop_on_signals()
        await run_workers_when_ready(names, lambda: open_container(**settings), stop)

    try:
        run(go())
    except (UpstreamUnavailable, RuntimeError, ValueError) as exc:
        raise CliError(str(exc)) from None


@cli.group()
def insights() -> None:
    """Analytics: the latest ChannelInsight, compute one now, video and account metrics."""


@insights.command("compute")
@click.argument("channel_id", required=False)
@click.option("--json", "as_json", is_flag=True, help="Print JSON for scripts.")
def insights_compute(channel_id: str | None, as_json: bool) -> None:
    """Compute (and store) the ChannelInsight of one channel, or of every connected one,
    from the metric snapshots already synced."""
    import json

    import cattrs

    from application.errors import ApplicationError
    from entrypoints.container import open_container
    from entrypoints.settings import from_env

    async def go() -> list[Any]:
        async with open_container(**{"backend": "postgres", **from_env()}) as c:
            async with c.uow()() as uow:
                ids = (
                    [channel_id] if channel_id else [ch.id for ch in await uow.channels.connected()]
                )
            return [await c.compute_insight()(channel_id=i) for i in ids]

    try:
        results = run(go())
    except (ApplicationError, RuntimeError) as exc:
        raise CliError(str(exc)) from None
    if not results:
        raise CliError("no connected channels")
    if as_json:
        converter = cattrs.Converter()
        converter.register_unstructure_hook(type(results[0].computed_at), lambda d: d.isoformat())
        click.echo(json.dumps([converter.unstructure(r) for r in results], indent=2))
        return
    for insight in results:
        figure = insight.average_views_30d
        click.echo(
            f"channel {insight.channel_id} ({insight.time_zone})\n"
            f"  average views, 30 days: "
            f"{'-' if figure.value is None else f'{figure.value:.0f}'}"
            f" over {figure.sample_size} videos\n"
            f"  top hashtags: "
            + (
                ", ".join(
                    f"#{h.tag} {h.engagement_rate:.1%} ({h.sample_size})"
                    for h in insight.top_hashtags
                )
                or "-"
            )
            + "\n"
            "  best days: "
            + (", ".join(f"{d.label} ({d.sample_size})" for d in insight.best_days) or "-")
            + "\n"
            "  best hours: "
            + (", ".join(f"{h.label} ({h.sample_size})" for h in insight.best_hours) or "-")
            + "\n"
            "  completion trend: "
            + (
                insight.completion_trend.direction
                if insight.completion_trend.available
                else insight.completion_trend.reason
            )
            + "\n"
            "  next video: "
            + (
                insight.suggestion.summary
                if insight.suggestion
                else insight.suggestion_unavailable_reason
            )
        )


@cli.group()
def media() -> None:
    """Media: upload to object storage, check against TikTok's rules."""


def _media_settings() -> dict[str, Any]:
    from entrypoints.settings import from_env

    env = from_env()
    return {**env, "storage": env.get("storage", "local"), "probe": "pyav"}


def _probe(locator: str, size: int, photo: bool) -> Any:
    from adapters.media.pyav_probe import probe_photo_sync, probe_video_sync

    return (probe_photo_sync if photo else probe_video_sync)(locator, size)


def _issues(facts: Any, photo: bool, creator_max: int | None) -> Any:
    from domain.media_rules import check_photo, check_video

    return check_photo(facts) if photo else check_video(facts, max_duration_s=creator_max)


def _print_report(name: str, facts: Any, issues: Any) -> bool:
    from rich.console import Console
    from rich.table import Table

    console = Console()
    summary = (
        ", ".join(f"{k}={v}" for k, v in sorted(vars(facts).items()) if v is not None)
        if hasattr(facts, "__dict__")
        else str(facts)
    )
    console.print(f"[bold]{name}[/bold]: {summary}")
    if not issues:
        console.print("no issues: TikTok should accept this file")
        return True
    table = Table("severity", "code", "field", "value", "limit", "message")
    for issue in issues:
        table.add_row(
            issue.severity.value,
            issue.code,
            issue.field,
            str(issue.value),
            str(issue.limit),
            issue.message,
        )
    console.print(table)
    return not any(i.severity.value == "error" for i in issues)


@media.command("upload")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--key", help="Object key (default: media/<file name>).")
def media_upload(file: str, key: str | None) -> None:
    """Put FILE into object storage with a progress bar; print its key and probe summary."""
    from pathlib import Path

    from application.errors import ApplicationError
    from entrypoints.cli.common import put_with_progress
    from entrypoints.container import open_container

    path = Path(file)
    content_type, photo = content_type_for(path.name)
    target = key or f"media/{path.name}"
    size = path.stat().st_size
    try:
        facts = _probe(str(path), size, photo)
    except ApplicationError as exc:
        raise CliError(str(exc)) from None

    async def go() -> None:
        async with open_container(**_media_settings()) as c:
            await put_with_progress(
                lambda on_bytes, content_type: c.storage().put_file(
                    target, path, content_type, on_bytes
                ),
                path,
            )

    try:
        run(go())
    except (ApplicationError, ValueError) as exc:
        raise CliError(str(exc)) from None
    click.echo(f"stored {target} ({size:,} bytes, {content_type})")
    _print_report(target, facts, _issues(facts, photo, None))


@media.command("check")
@click.argument("file_or_key")
@click.option(
    "--creator-max-duration",
    type=int,
    default=None,
    help="The creator's max_video_post_duration_sec, if known.",
)
def media_check(file_or_key: str, creator_max_duration: int | None) -> None:
    """Check a local FILE or a stored KEY against TikTok's rules; exit 1 on errors."""
    from datetime import timedelta
    from pathlib import Path

    from application.errors import ApplicationError
    from entrypoints.container import open_container

    photo = Path(file_or_key).suffix.lower() in PHOTO_SUFFIXES
    path = Path(file_or_key)
    if path.is_file():
        locator, size = str(path), path.stat().st_size
    else:

        async def locate() -> tuple[str, int]:
            async with open_container(**_media_settings()) as c:
                info = await c.storage().head(file_or_key)
                return await c.storage().presigned_url(
                    file_or_key, timedelta(minutes=10)
                ), info.size

        try:
            locator, size = run(locate())
        except (ApplicationError, ValueError) as exc:
            raise CliError(f"{file_or_key} is neither a file nor a stored object: {exc}") from None
    if not path.is_file():
        locator = _readable_locator(file_or_key, locator)
    try:
        facts = _probe(locator, size, photo)
    except ApplicationError as exc:
        raise CliError(f"{file_or_key}: {exc}") from None
    if not _print_report(file_or_key, facts, _issues(facts, photo, creator_max_duration)):
        raise CliError("TikTok would reject this file")


def _readable_locator(key: str, presigned: str) -> str:
    """S3 links work as they are; the local store's links need the HTTP API, so read the
    file behind the key directly."""
    from adapters.storage.local import LocalObjectStorage
    from entrypoints.settings import data_dir, from_env

    env = from_env()
    if env.get("storage", "local") != "local":
        return presigned
    return str(LocalObjectStorage(data_dir(env.get("data_dir")) / "objects").local_path(key))


@cli.group()
def keys() -> None:
    """Encryption keys for tokens at rest."""


@keys.command("generate")
@click.option(
    "--id", "key_id", default=None, help="Name of the new key (default: a new unique id)."
)
def keys_generate(key_id: str | None) -> None:
    """Print a new AES-256 key as ``id:base64``, ready for TIKTOK_CHANNEL_TOKEN_KEYS."""
    from datetime import UTC, datetime

    from adapters.system.cipher import AesGcmCipher

    key_id = key_id or AesGcmCipher.new_key_id(datetime.now(UTC))
    if not key_id.isidentifier():
        raise CliError(f"key id {key_id!r} must be letters, digits and underscores")
    click.echo(f"{key_id}:{AesGcmCipher.generate_key()}")


@keys.command("rotate")
def keys_rotate() -> None:
    """Re-encrypt every stored token under the current (first) key, without downtime."""
    from adapters.postgres.key_rotation import count_by_key, keys_that_do_not_open, rotate_keys
    from application.errors import UpstreamUnavailable
    from entrypoints.container import open_container

    async def go() -> tuple[dict[str, int], int, dict[str, int]]:
        async with open_container(**_database_settings()) as c:
            pool, cipher = c.db_pool(), c.cipher()
            before = await count_by_key(pool)
            refused = await keys_that_do_not_open(pool, cipher)
            if refused:
                raise CliError(
                    f"the configured keys do not open tokens sealed under {', '.join(refused)}: "
                    "configure the old key under its own id after the new one "
                    "(TIKTOK_CHANNEL_TOKEN_KEYS=new_id:new,old_id:old); nothing was changed"
                )
            changed = await rotate_keys(pool, cipher, cipher.current)
            return before, changed, await count_by_key(pool)

    try:
        before, changed, after = run(go())
    except (UpstreamUnavailable, RuntimeError, ValueError) as exc:
        raise CliError(str(exc)) from None
    click.echo(
        f"before: {before or 'no tokens'}\nre-encrypted {changed} rows\n"
        f"after:  {after or 'no tokens'}"
    )


@cli.group()
def errors() -> None:
    """The TikTok error taxonomy."""


@errors.command("explain")
@click.argument("code")
@click.option(
    "--source",
    type=click.Choice(["api", "fail_reason", "oauth", "upload", "client"]),
    default=None,
    help="Where the code came from (default: every source).",
)
def errors_explain(code: str, source: str | None) -> None:
    """What a TikTok error code means, whether it is retried, and what to do."""
    from domain.tiktok_errors import Category, ErrorSource, spec_for

    sources = [ErrorSource(source)] if source else list(ErrorSource)
    specs = [
        s for s in (spec_for(src, code) for src in sources) if s.category is not Category.UNKNOWN
    ]
    if not specs:
        raise CliError(f"{code!r} is not a documented TikTok error code")
    for spec in specs:
        click.echo(
            f"{spec.source}:{spec.code}\n  category: {spec.category}\n"
            f"  retry:    {spec.retry}\n  meaning:  {spec.message}\n"
            f"  action:   {spec.remedy}"
        )


@cli.command()
@click.option(
    "--data-dir",
    type=click.Path(file_okay=False),
    default=None,
    help="Where the embedded database and media live (default: ./.data).",
)
@click.option(
    "--keep",
    is_flag=True,
    help="Leave the API, workers and sandbox running afterwards (Ctrl-C stops).",
)
@click.pass_context
def demo(ctx: click.Context, data_dir: str | None, keep: bool) -> None:
    """Publish end to end against the built-in sandbox, on embedded defaults, through the
    HTTP API: connect, upload, schedule, chunked publish, webhook, pre-flight refusal,
    inbox photos, metrics and insight."""
    from pathlib import Path

    from rich.progress import BarColumn, DownloadColumn, Progress, TransferSpeedColumn

    from application.errors import ApplicationError
    from entrypoints.demo import DemoReport, render, run_demo
    from entrypoints.log_config import configure_logging

    configure_logging("WARNING" if ctx.obj["log_level"] == "INFO" else ctx.obj["log_level"])

    async def hold(report: DemoReport) -> None:
        click.echo(render(report))
        click.echo("\nstill running (Ctrl-C to stop):")
        for name, url in report.urls.items():
            click.echo(f"  {name:<8} {url}")
        click.echo(f"  api key  {report.api_key}   (organisation demo-org)")
        await _stop_on_signals().wait()

    with Progress(
        "[progress.description]{task.description}",
        BarColumn(),
        DownloadColumn(),
        TransferSpeedColumn(),
        transient=True,
    ) as bar:
        task = bar.add_task("uploading to TikTok", total=None)

        def on_progress(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        try:
            report = run(
                run_demo(
                    data_dir=Path(data_dir) if data_dir else None,
                    on_progress=on_progress,
                    say=bar.console.print,
                    keep=hold if keep else None,
                )
            )
        except (ApplicationError, RuntimeError, OSError) as exc:
            raise CliError(f"demo failed: {exc}") from None
    if not keep:
        click.echo(render(report))
    if not report.ok:
        raise CliError("demo did not end as expected (see above)")


def _load_creators(path: str) -> list[Any]:
    import json

    import cattrs

    from adapters.sandbox.settings import CreatorSeed

    try:
        with open(path, encoding="utf-8") as handle:
            raw = json.load(handle)
        return cattrs.Converter(forbid_extra_keys=True).structure(raw, list[CreatorSeed])
    except (OSError, ValueError) as exc:
        raise CliError(f"{path}: not a JSON list of creators: {exc}") from None
    except cattrs.BaseValidationError as exc:
        raise CliError(f"{path}: " + "; ".join(cattrs.transform_error(exc))) from None


def _add_resource_commands() -> None:
    from entrypoints.cli.ads import ads
    from entrypoints.cli.analytics import add_to as add_analytics
    from entrypoints.cli.api_keys import api_keys
    from entrypoints.cli.business import add_insights as add_accounts_api_insights
    from entrypoints.cli.business import comments
    from entrypoints.cli.channels import channels
    from entrypoints.cli.events import events, sync, webhooks
    from entrypoints.cli.posts import posts

    cli.add_command(channels)
    cli.add_command(posts)
    cli.add_command(api_keys)
    cli.add_command(webhooks)
    cli.add_command(events)
    cli.add_command(sync)
    add_analytics(insights)
    cli.add_command(comments)
    add_accounts_api_insights(insights)
    cli.add_command(ads)


_add_resource_commands()


def main() -> None:  # pragma: no cover - console script shim
    sys.exit(cli(standalone_mode=True))


if __name__ == "__main__":  # pragma: no cover
    main()
