"""/v1/api-keys: an organisation manages its own keys (the first comes from the CLI)."""

from __future__ import annotations

from aiohttp import web

from entrypoints.http.keys import CONTAINER
from entrypoints.http.v1 import channel_responses as ch
from entrypoints.http.v1.common import answer, body, org
from entrypoints.http.v1.schemas import ApiKeyIn
from entrypoints.views import api_key_out


async def list_keys(request: web.Request) -> web.Response:
    keys = await request.app[CONTAINER].list_api_keys()(organisation_id=org(request))
    return answer(ch.ApiKeyList([api_key_out(k) for k in keys]))


async def create_key(request: web.Request) -> web.Response:
    data = await body(request, ApiKeyIn)
    issued = await request.app[CONTAINER].issue_api_key()(
        organisation_id=org(request), name=data.name
    )
    key = issued.key
    shown = ch.IssuedKeyOut(
        key.id, key.name, key.created_at, key.revoked_at, key.last_used_at, issued.token.reveal()
    )
    return answer(shown, 201)


async def revoke_key(request: web.Request) -> web.Response:
    key = await request.app[CONTAINER].revoke_api_key()(
        organisation_id=org(request), key_id=request.match_info["key_id"]
    )
    return answer(api_key_out(key))
