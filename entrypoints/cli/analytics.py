"""`tiktok-channel insights latest|videos|account`: the CLI side of the analytics API."""

from __future__ import annotations

import click

from entrypoints.cli.common import CliError, act, emit, json_option, org_option


def add_to(group: click.Group) -> None:
    @group.command("latest")
    @org_option
    @click.argument("channel_id")
    @json_option
    def latest(org: str, channel_id: str, as_json: bool) -> None:
        """The latest stored ChannelInsight."""
        from entrypoints.views import plain

        found = act(
            lambda c: c.channel_analytics()(organisation_id=org, channel_id=channel_id, days=1)
        )
        if found.insight is None:
            raise CliError("no insight computed yet for this channel")
        emit(plain(found.insight), as_json)

    def history(name: str, series: str, columns: tuple[str, ...], what: str) -> None:
        @group.command(name, help=f"{what} of the last DAYS.")
        @org_option
        @click.argument("channel_id")
        @click.option("--days", type=click.IntRange(1, 400), default=30, show_default=True)
        @json_option
        def command(org: str, channel_id: str, days: int, as_json: bool) -> None:
            from entrypoints.views import plain

            found = act(
                lambda c: c.channel_analytics()(
                    organisation_id=org, channel_id=channel_id, days=days
                )
            )
            emit({"items": plain(list(getattr(found, series)))}, as_json, columns)

    history(
        "videos",
        "videos",
        ("video_id", "captured_at", "views", "likes", "comments", "shares"),
        "Video metric snapshots",
    )
    history(
        "account",
        "account",
        ("captured_at", "follower_count", "following_count", "likes_count", "video_count"),
        "Account metrics history",
    )
