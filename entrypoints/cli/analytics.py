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

        found = act(lambda c: c.channel_analytics()(organisation_id=org, channel_id=channel_id,
                                                    days=1))
        if found.insight is None:
            raise CliError("no insight computed yet for this channel")
        emit(plain(found.insight), as_json)

    @group.command("videos")
    @org_option
    @click.argument("channel_id")
    @click.option("--days", type=click.IntRange(1, 400), default=30, show_default=True)
    @json_option
    def videos(org: str, channel_id: str, days: int, as_json: bool) -> None:
        """Video metric snapshots of the last DAYS."""
        from entrypoints.views import plain

        found = act(lambda c: c.channel_analytics()(organisation_id=org, channel_id=channel_id,
                                                    days=days))
        emit({"items": plain(list(found.videos))}, as_json,
             ("video_id", "captured_at", "views", "likes", "comments", "shares"))

    @group.command("account")
    @org_option
    @click.argument("channel_id")
    @click.option("--days", type=click.IntRange(1, 400), default=30, show_default=True)
    @json_option
    def account(org: str, channel_id: str, days: int, as_json: bool) -> None:
        """Account metrics history of the last DAYS."""
        from entrypoints.views import plain

        found = act(lambda c: c.channel_analytics()(organisation_id=org, channel_id=channel_id,
                                                    days=days))
        emit({"items": plain(list(found.account))}, as_json,
             ("captured_at", "follower_count", "following_count", "likes_count",
              "video_count"))
