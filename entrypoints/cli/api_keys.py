"""`tiktok-channel api-keys ...`: an organisation's /v1 credentials."""

from __future__ import annotations

import click

from entrypoints.cli.common import act, emit, json_option, org_option


@click.group("api-keys")
def api_keys() -> None:
    """API keys for the HTTP API: create (shown once), list, revoke."""


@api_keys.command("create")
@org_option
@click.option("--name", default="", help="What the key is for.")
@json_option
def create(org: str, name: str, as_json: bool) -> None:
    """Issue a key; it is printed once and cannot be shown again."""
    from entrypoints.views import api_key_view

    issued = act(lambda c: c.issue_api_key()(organisation_id=org, name=name))
    emit({**api_key_view(issued.key), "key": issued.token.reveal()}, as_json)


@api_keys.command("list")
@org_option
@json_option
def list_(org: str, as_json: bool) -> None:
    """Ids, names and dates (never the secrets)."""
    from entrypoints.views import api_key_view

    keys = act(lambda c: c.list_api_keys()(organisation_id=org))
    emit(
        {"items": [api_key_view(k) for k in keys]},
        as_json,
        ("id", "name", "created_at", "revoked_at", "last_used_at"),
    )


@api_keys.command("revoke")
@org_option
@click.argument("key_id")
@json_option
def revoke(org: str, key_id: str, as_json: bool) -> None:
    """Revoke a key: it stops working at once here and within a second in every process."""
    from entrypoints.views import api_key_view

    key = act(lambda c: c.revoke_api_key()(organisation_id=org, key_id=key_id))
    emit(api_key_view(key), as_json)
