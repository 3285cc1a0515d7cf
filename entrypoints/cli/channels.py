"""`tiktok-channel channels ...`: the CLI side of /v1/channels."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import click

from entrypoints.cli.common import act, emit, json_option, org_option

if TYPE_CHECKING:
    from entrypoints.container import Container

COLUMNS = ("id", "username", "display_name", "status", "access_expires_at")


@click.group()
def channels() -> None:
    """Connected TikTok accounts: connect, list, show, verify, refresh, sync, disconnect."""


@channels.command("connect")
@org_option
@click.option("--return-url", default=None, help="Path to redirect to after connecting.")
@click.option(
    "--kind",
    type=click.Choice(["login_kit", "accounts_api"]),
    default="login_kit",
    show_default=True,
    help="login_kit: publishing; accounts_api: insights and comments (Business API).",
)
@click.option("--channel", "channel_id", default=None, help="accounts_api: attach to it.")
@json_option
def connect(
    org: str, return_url: str | None, kind: str, channel_id: str | None, as_json: bool
) -> None:
    """Print the TikTok authorize URL (the running server receives the callback)."""
    from entrypoints.views import plain

    if kind == "accounts_api":
        started = act(
            lambda c: c.business().connect(
                organisation_id=org, return_url=return_url, channel_id=channel_id
            )
        )
    else:
        started = act(lambda c: c.connect_channel()(organisation_id=org, return_url=return_url))
    emit(plain(started), as_json)


@channels.command("list")
@org_option
@json_option
def list_(org: str, as_json: bool) -> None:
    """The organisation's channels."""
    from entrypoints.views import channel_view

    found = act(lambda c: c.list_channels()(organisation_id=org))
    emit({"items": [channel_view(ch) for ch in found]}, as_json, COLUMNS)


@channels.command("show")
@org_option
@click.argument("channel_id")
@json_option
def show(org: str, channel_id: str, as_json: bool) -> None:
    """Profile and account figures (followers, following, likes, videos)."""
    from entrypoints.views import channel_view

    shown = act(lambda c: c.show_channel()(organisation_id=org, channel_id=channel_id))
    emit(channel_view(shown.channel, shown.account), as_json)


@channels.command("videos")
@org_option
@click.argument("channel_id")
@click.option("--cursor", type=int, default=None)
@click.option("--max-count", type=click.IntRange(1, 20), default=20, show_default=True)
@json_option
def videos(org: str, channel_id: str, cursor: int | None, max_count: int, as_json: bool) -> None:
    """The channel's videos as TikTok lists them (also ones not posted through us)."""
    from entrypoints.views import channel_videos_view

    found = act(
        lambda c: c.list_channel_videos()(
            organisation_id=org, channel_id=channel_id, cursor=cursor, max_count=max_count
        )
    )
    data = channel_videos_view(found)
    emit(
        {"items": data["videos"], "next_after": data["cursor"] if data["has_more"] else None},
        as_json,
        ("id", "title", "view_count", "like_count", "post_id", "share_url"),
    )


@channels.command("options")
@org_option
@click.argument("channel_id")
@json_option
def options(org: str, channel_id: str, as_json: bool) -> None:
    """What to offer when composing for this creator now (privacy has no default)."""
    from entrypoints.views import creator_view

    creator = act(lambda c: c.creator_options()(organisation_id=org, channel_id=channel_id))
    emit(creator_view(creator), as_json)


def _simple(name: str, help_text: str, call: Any) -> None:
    @channels.command(name, help=help_text)
    @org_option
    @click.argument("channel_id")
    @json_option
    def command(org: str, channel_id: str, as_json: bool) -> None:
        emit(act(lambda c: call(c, org, channel_id)), as_json)


async def _verify(c: Container, org: str, channel_id: str) -> dict[str, Any]:
    from entrypoints.views import plain

    health = await c.verify_channel()(organisation_id=org, channel_id=channel_id)
    if not health.healthy:
        raise ValueError("unhealthy: " + "; ".join(health.problems))
    return dict(plain(health))


async def _refresh(c: Container, org: str, channel_id: str) -> dict[str, Any]:
    outcome = await c.refresh_channel_token()(
        organisation_id=org, channel_id=channel_id, force=True
    )
    return {"refreshed": outcome.refreshed, "reason": outcome.reason}


async def _sync(c: Container, org: str, channel_id: str) -> dict[str, Any]:
    from entrypoints.views import plain

    return dict(plain(await c.sync_metrics()(organisation_id=org, channel_id=channel_id)))


async def _disconnect(c: Container, org: str, channel_id: str) -> dict[str, Any]:
    from entrypoints.views import channel_view

    done = await c.disconnect_channel()(organisation_id=org, channel_id=channel_id)
    return {
        "channel": channel_view(done.channel)["status"],
        "revoked_at_tiktok": done.revoked_at_tiktok,
        "revoke_error": done.revoke_error,
        "purge_after_days": c.config.retention_days(),
    }


_simple("verify", "Health check against TikTok (exit 1 when unhealthy).", _verify)
_simple("refresh", "Refresh the access token now.", _refresh)
_simple("sync", "Sync account and video metrics now.", _sync)
_simple(
    "disconnect", "Revoke at TikTok; TikTok data is purged after the retention period.", _disconnect
)
