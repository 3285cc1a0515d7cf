"""`tiktok-channel webhooks|events|sync ...`: where an organisation's events go, what was
sent, and sync on demand. The same use-cases and JSON shapes as /v1."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import click

from entrypoints.cli.common import act, emit, json_option, org_option

ENDPOINT_COLUMNS = ("id", "url", "enabled", "event_types", "disabled_reason")


def _out(value: Any) -> Any:
    from entrypoints.http.v1.event_schemas import views

    return views.unstructure(value)


@click.group("webhooks")
def webhooks() -> None:
    """Endpoints that receive the organisation's events, signed by Standard Webhooks."""


@webhooks.command("create")
@org_option
@click.argument("url")
@click.option("--type", "types", multiple=True, help="An event type to send (default: all).")
@click.option("--description", default="")
@json_option
def create(org: str, url: str, types: tuple[str, ...], description: str, as_json: bool) -> None:
    """Register an endpoint; its signing secret is printed once."""
    from entrypoints.http.v1 import event_schemas as es

    made = act(
        lambda c: c.register_webhook_endpoint()(
            organisation_id=org, url=url, event_types=types, description=description
        )
    )
    emit(_out(es.EndpointCreated(es.endpoint_view(made.endpoint), made.secret.reveal())), as_json)


@webhooks.command("list")
@org_option
@json_option
def list_(org: str, as_json: bool) -> None:
    """The organisation's endpoints (never their secrets)."""
    from entrypoints.http.v1 import event_schemas as es

    found = act(lambda c: c.list_webhook_endpoints()(organisation_id=org))
    emit(_out(es.EndpointList([es.endpoint_view(e) for e in found])), as_json, ENDPOINT_COLUMNS)


@webhooks.command("show")
@org_option
@click.argument("endpoint_id")
@click.option("--status", type=click.Choice(["pending", "delivered", "failed"]), default=None)
@json_option
def show(org: str, endpoint_id: str, status: str | None, as_json: bool) -> None:
    """An endpoint with its recent deliveries and their attempts."""
    from domain.event_delivery import DeliveryStatus
    from entrypoints.http.v1 import event_schemas as es

    shown = act(
        lambda c: c.show_webhook_endpoint()(
            organisation_id=org,
            endpoint_id=endpoint_id,
            status=DeliveryStatus(status) if status else None,
        )
    )
    deliveries = [es.delivery_view(d, shown.attempts) for d in shown.deliveries]
    if as_json:
        emit(_out(es.EndpointDetail(es.endpoint_view(shown.endpoint), deliveries)), True)
        return
    emit(_out(es.endpoint_view(shown.endpoint)), False)
    emit(
        {"items": _out(deliveries)},
        False,
        ("id", "event_id", "status", "attempts", "next_attempt_at", "last_error"),
    )


@webhooks.command("update")
@org_option
@click.argument("endpoint_id")
@click.option("--url", default=None)
@click.option("--type", "types", multiple=True, help="Replace the event types.")
@click.option("--description", default=None)
@click.option("--enable/--disable", "enabled", default=None, help="Re-enable or disable it.")
@json_option
def update(
    org: str,
    endpoint_id: str,
    url: str | None,
    types: tuple[str, ...],
    description: str | None,
    enabled: bool | None,
    as_json: bool,
) -> None:
    """Change an endpoint, or enable it again after it was disabled."""
    from entrypoints.http.v1 import event_schemas as es

    updated = act(
        lambda c: c.update_webhook_endpoint()(
            organisation_id=org,
            endpoint_id=endpoint_id,
            url=url,
            event_types=types or None,
            description=description,
            enabled=enabled,
        )
    )
    emit(_out(es.endpoint_view(updated)), as_json)


@webhooks.command("rotate")
@org_option
@click.argument("endpoint_id")
@click.option("--overlap-hours", type=click.FloatRange(0, 168), default=24.0, show_default=True)
@json_option
def rotate(org: str, endpoint_id: str, overlap_hours: float, as_json: bool) -> None:
    """A new signing secret (printed once); the old one signs too during the overlap."""
    from entrypoints.http.v1 import event_schemas as es

    rotated = act(
        lambda c: c.rotate_webhook_secret()(
            organisation_id=org, endpoint_id=endpoint_id, overlap=timedelta(hours=overlap_hours)
        )
    )
    emit(
        _out(es.EndpointCreated(es.endpoint_view(rotated.endpoint), rotated.secret.reveal())),
        as_json,
    )


@webhooks.command("delete")
@org_option
@click.argument("endpoint_id")
def delete(org: str, endpoint_id: str) -> None:
    """Delete an endpoint and its pending deliveries."""
    act(lambda c: c.delete_webhook_endpoint()(organisation_id=org, endpoint_id=endpoint_id))
    click.echo(f"deleted {endpoint_id}")


@click.group("events")
def events() -> None:
    """The organisation's outgoing events: list, show, send again."""


@events.command("list")
@org_option
@click.option("--type", "event_type", default=None, help="e.g. post.published")
@click.option("--subject", default=None, help="A post or channel id.")
@click.option("--after", default=None, help="The last id of the previous page.")
@click.option("--limit", type=click.IntRange(1, 200), default=50, show_default=True)
@json_option
def list_events(
    org: str,
    event_type: str | None,
    subject: str | None,
    after: str | None,
    limit: int,
    as_json: bool,
) -> None:
    """Oldest first."""
    from domain.outgoing_events import EventType
    from entrypoints.cli.common import CliError
    from entrypoints.http.v1 import event_schemas as es

    try:
        kind = EventType(event_type) if event_type else None
    except ValueError:
        known = ", ".join(t.value for t in EventType)
        raise CliError(f"--type must be one of {known}") from None
    found = act(
        lambda c: c.list_events()(
            organisation_id=org,
            event_type=kind,
            ordering_key=subject,
            after_id=after,
            limit=limit,
        )
    )
    after_id = found[-1].id if len(found) == limit else None
    emit(
        _out(es.EventList([es.event_view(e) for e in found], after_id)),
        as_json,
        ("id", "type", "ordering_key", "occurred_at"),
    )


@events.command("show")
@org_option
@click.argument("event_id")
@json_option
def show_event(org: str, event_id: str, as_json: bool) -> None:
    """One event with its body."""
    from entrypoints.http.v1 import event_schemas as es

    event = act(lambda c: c.show_event()(organisation_id=org, event_id=event_id))
    emit(_out(es.event_view(event)), as_json)


@events.command("resend")
@org_option
@click.argument("event_id")
@click.option("--endpoint", "endpoint_id", default=None, help="Only to this endpoint.")
@json_option
def resend(org: str, event_id: str, endpoint_id: str | None, as_json: bool) -> None:
    """Send an event again (the same webhook-id: receivers de-duplicate by it)."""
    from entrypoints.http.v1 import event_schemas as es

    made = act(
        lambda c: c.resend_event()(organisation_id=org, event_id=event_id, endpoint_id=endpoint_id)
    )
    emit(_out(es.Resent([es.delivery_view(d) for d in made])), as_json)


@click.group("sync")
def sync() -> None:
    """Sync on demand: a job a worker runs (worker sync), and its progress."""


@sync.command("start")
@org_option
@click.option("--channel", "channel_id", default=None, help="One channel (default: all).")
@click.option(
    "--scope", type=click.Choice(["metrics", "videos", "both"]), default="both", show_default=True
)
@json_option
def start(org: str, channel_id: str | None, scope: str, as_json: bool) -> None:
    """Queue a sync of every connected channel, or of one."""
    from domain.sync_job import SyncScope
    from entrypoints.http.v1.sync_jobs import job_view

    job = act(
        lambda c: c.start_sync()(organisation_id=org, scope=SyncScope(scope), channel_id=channel_id)
    )
    emit(_out(job_view(job)), as_json)


@sync.command("status")
@org_option
@click.argument("job_id")
@json_option
def status(org: str, job_id: str, as_json: bool) -> None:
    """How far a sync job got."""
    from entrypoints.http.v1.sync_jobs import job_view

    job = act(lambda c: c.show_sync_job()(organisation_id=org, job_id=job_id))
    emit(_out(job_view(job)), as_json)
