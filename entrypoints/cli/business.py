"""`tiktok-channel comments ...` (the inbox) and `insights accounts-api-sync|accounts-api|
time-zone`: the CLI side of the Accounts API routes."""

from __future__ import annotations

import click

from entrypoints.cli.common import act, emit, json_option, org_option

INBOX = ("video_id", "messages", "unread", "last_activity_at")
THREAD = ("comment_id", "parent_id", "username", "owner", "visibility", "unread", "text")


@click.group()
def comments() -> None:
    """Comments on the organisation's TikTok videos as inbox conversations (Accounts API):
    list, show, sync, reply, hide, unhide, delete, subscribe."""


@comments.command("list")
@org_option
@click.argument("channel_id")
@json_option
def list_(org: str, channel_id: str, as_json: bool) -> None:
    """One conversation per video, with unread counts."""
    from entrypoints.business_views import inbox_view

    inbox = act(lambda c: c.business().inbox(organisation_id=org, channel_id=channel_id))
    emit(inbox_view(inbox), as_json, INBOX)


@comments.command("show")
@org_option
@click.argument("channel_id")
@click.argument("video_id")
@click.option("--peek", is_flag=True, help="Do not mark the messages read.")
@json_option
def show(org: str, channel_id: str, video_id: str, peek: bool, as_json: bool) -> None:
    """A video's comments and replies, oldest first (marks them read)."""
    from entrypoints.business_views import thread_view

    thread = act(
        lambda c: c.business().thread(
            organisation_id=org, channel_id=channel_id, video_id=video_id, peek=peek
        )
    )
    emit(thread_view(thread), as_json, THREAD)


@comments.command("sync")
@org_option
@click.argument("channel_id")
@click.option("--video", "video_id", default=None, help="Only this video.")
@json_option
def sync(org: str, channel_id: str, video_id: str | None, as_json: bool) -> None:
    """List the comments at TikTok and store what the webhooks missed."""
    from entrypoints.views import plain

    synced = act(
        lambda c: c.business().sync_comments(
            organisation_id=org, channel_id=channel_id, video_id=video_id
        )
    )
    emit(plain(synced), as_json)


@comments.command("reply")
@org_option
@click.argument("channel_id")
@click.argument("comment_id")
@click.argument("text")
@json_option
def reply(org: str, channel_id: str, comment_id: str, text: str, as_json: bool) -> None:
    """Reply to a comment once (running it again does not post twice)."""
    from entrypoints.business_views import intent_view

    outcome = act(
        lambda c: c.business().reply(
            organisation_id=org, channel_id=channel_id, comment_id=comment_id, text=text
        )
    )
    emit(intent_view(outcome.intent) | {"sent": outcome.sent}, as_json)


def _moderate(name: str, hidden: bool, what: str) -> None:
    @comments.command(name, help=what)
    @org_option
    @click.argument("channel_id")
    @click.argument("comment_id")
    @json_option
    def command(org: str, channel_id: str, comment_id: str, as_json: bool) -> None:
        from entrypoints.business_views import comment_view

        changed = act(
            lambda c: c.business().hide(
                organisation_id=org, channel_id=channel_id, comment_id=comment_id, hidden=hidden
            )
        )
        emit(comment_view(changed), as_json)


_moderate("hide", True, "Hide a comment at TikTok.")
_moderate("unhide", False, "Show a hidden comment again.")


@comments.command("delete")
@org_option
@click.argument("channel_id")
@click.argument("comment_id")
@json_option
def delete(org: str, channel_id: str, comment_id: str, as_json: bool) -> None:
    """Delete one of the account's own comments or replies."""
    from entrypoints.business_views import comment_view

    gone = act(
        lambda c: c.business().delete(
            organisation_id=org, channel_id=channel_id, comment_id=comment_id
        )
    )
    emit(comment_view(gone), as_json)


@comments.command("subscribe")
@click.argument("callback_url")
def subscribe(callback_url: str) -> None:
    """Point the Accounts API app's comment.update webhook at CALLBACK_URL (https, ending in
    /connect/webhook/tiktok-business); one subscription covers every account."""
    stored = act(lambda c: c.business().subscribe(callback_url=callback_url))
    click.echo(f"comment.update deliveries go to {stored}")


def add_insights(group: click.Group) -> None:
    @group.command("accounts-api-sync")
    @org_option
    @click.argument("channel_id")
    @json_option
    def accounts_api_sync(org: str, channel_id: str, as_json: bool) -> None:
        """Sync the Accounts API's 60 days of metrics, audience and video insights now."""
        from entrypoints.views import plain

        synced = act(
            lambda c: c.business().sync_insights(organisation_id=org, channel_id=channel_id)
        )
        emit(plain(synced), as_json)

    @group.command("accounts-api")
    @org_option
    @click.argument("channel_id")
    @click.option("--days", type=click.IntRange(1, 400), default=30, show_default=True)
    @json_option
    def accounts_api(org: str, channel_id: str, days: int, as_json: bool) -> None:
        """Stored Accounts API daily metrics of the last DAYS (and the audience)."""
        from entrypoints.views import plain

        found = act(
            lambda c: c.business().analytics(organisation_id=org, channel_id=channel_id, days=days)
        )
        emit(
            {"items": plain(list(found.days)), "audience": plain(found.audience)},
            as_json,
            ("day", "video_views", "reach", "profile_views", "likes", "new_followers"),
        )

    @group.command("time-zone")
    @org_option
    @click.argument("channel_id")
    @click.argument("time_zone")
    def time_zone(org: str, channel_id: str, time_zone: str) -> None:
        """Set the IANA time zone the channel's insight reads days and hours in."""
        channel = act(
            lambda c: c.business().set_time_zone(
                organisation_id=org, channel_id=channel_id, time_zone=time_zone
            )
        )
        click.echo(f"channel {channel.id} reads its insight in {channel.time_zone}")
