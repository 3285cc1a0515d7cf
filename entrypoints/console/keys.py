"""API keys: the organisation's keys, a new one (its token shown once, in the answer to
the form, with a copy button), and revoking one (a console session made with it ends on
its next page)."""

from __future__ import annotations

from typing import Any

from aiohttp import web

from entrypoints.console.form_problems import FormProblems, checked, form, form_values
from entrypoints.console.pages import done, render
from entrypoints.console.session import SIGNED_IN, organisation
from entrypoints.http.keys import CONTAINER
from entrypoints.http.v1.schemas import ApiKeyIn, structure
from entrypoints.views import api_key_view

KEYS = "/console/keys"


async def _page(
    request: web.Request,
    org: str,
    create: dict[str, Any] | None = None,
    issued: dict[str, Any] | None = None,
    status: int = 200,
) -> web.Response:
    keys = await request.app[CONTAINER].list_api_keys()(organisation_id=org)
    return await render(
        request,
        "keys.html",
        {
            "keys": [api_key_view(k) for k in keys],
            "current": request[SIGNED_IN].key_id,
            "create": create or form("create"),
            "issued": issued,
        },
        status=status,
    )


async def page(request: web.Request) -> web.Response:
    org = await organisation(request)
    return await _page(request, org)


async def create(request: web.Request) -> web.StreamResponse:
    org = await organisation(request)
    values = form_values(await request.post())

    async def run() -> Any:
        data = structure({"name": values.get("name", "").strip()}, ApiKeyIn)
        if not data.name:
            raise FormProblems({"name": ["name the key after who or what uses it"]}, [])
        return await request.app[CONTAINER].issue_api_key()(organisation_id=org, name=data.name)

    try:
        made = await checked(run, ["name"])
    except FormProblems as problems:
        return await _page(request, org, form("create", values, problems), status=problems.status)
    issued = {**api_key_view(made.key), "token": made.token.reveal()}
    return await _page(request, org, issued=issued, status=201)


async def revoke(request: web.Request) -> web.StreamResponse:
    org = await organisation(request)
    key = await request.app[CONTAINER].revoke_api_key()(
        organisation_id=org, key_id=request.match_info["key_id"]
    )
    raise await done(request, KEYS, f"Key {key.name or key.id} revoked: it no longer signs in.")
