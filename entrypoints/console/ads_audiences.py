"""An ad account's custom audiences: the list with row counts and TikTok's matched sizes,
a new audience from a file of emails, phone numbers or device ids (hashed here by the
same use-case as the API, as the file is read; the raw values are never shown, stored or
logged), and deleting one.

The form is multipart: aiohttp parses it (for the CSRF check) into an anonymous temporary
file bounded by the app's 1 MiB body limit; larger files go through the API, which streams.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import IO, Any

from aiohttp import web

from application.errors import TikTokApiError
from domain.ads.audience import IdentifierKind
from entrypoints.ads_views import audience_list_view
from entrypoints.console.ads import ADS, ads, find_account
from entrypoints.console.form_problems import FormProblems, checked, form, form_values
from entrypoints.console.pages import done, render
from entrypoints.console.session import organisation

BLOCK = 64 * 1024
FIELDS = ("name", "kind", "file")


def audiences_page(account_id: str) -> str:
    return f"{ADS}/accounts/{account_id}/audiences"


async def _page(
    request: web.Request, org: str, upload: dict[str, Any] | None = None, status: int = 200
) -> web.Response:
    a, account_id = ads(request), request.match_info["account_id"]
    account = await find_account(a, org, account_id)
    note = None
    try:
        views = list(await a.audiences(organisation_id=org, account_id=account_id))
    except TikTokApiError as exc:  # the list without TikTok's matched sizes
        note = exc.error.describe()
        views = list(await a.audiences(organisation_id=org, account_id=account_id, remote=False))
    return await render(
        request,
        "ads_audiences.html",
        {
            "account": account,
            "audiences": audience_list_view(views),
            "note": note,
            "kinds": [k.value for k in IdentifierKind],
            "upload": upload or form("upload", {"kind": IdentifierKind.EMAIL.value}),
        },
        status=status,
    )


async def page(request: web.Request) -> web.Response:
    org = await organisation(request)
    return await _page(request, org)


async def _blocks(file: IO[bytes]) -> AsyncIterator[bytes]:
    while block := await asyncio.to_thread(file.read, BLOCK):
        yield block


async def upload(request: web.Request) -> web.StreamResponse:
    org = await organisation(request)
    account_id = request.match_info["account_id"]
    posted = await request.post()
    values = form_values(posted)
    chosen = posted.get("file")

    async def run() -> Any:
        try:
            kind = IdentifierKind(values.get("kind", ""))
        except ValueError:
            raise FormProblems(
                {"kind": ["choose emails, phone numbers or device ids"]}, []
            ) from None
        if not isinstance(chosen, web.FileField) or not chosen.filename:
            raise FormProblems({"file": ["choose a CSV or text file, one identifier a line"]}, [])
        return await ads(request).upload_audience(
            organisation_id=org, account_id=account_id, kind=kind,
            blocks=_blocks(chosen.file), name=values.get("name", ""),
        )  # fmt: skip

    try:
        made = await checked(run, FIELDS)
    except FormProblems as problems:
        return await _page(request, org, form("upload", values, problems), problems.status)
    finally:
        if isinstance(chosen, web.FileField):
            chosen.file.close()
    raise await done(
        request,
        audiences_page(account_id),
        f"Audience {made.name}: {made.identifiers:,} identifiers hashed and sent, "
        f"{made.rejected:,} line(s) not readable as one.",
    )


async def delete(request: web.Request) -> web.StreamResponse:
    org = await organisation(request)
    gone = await ads(request).delete_audience(
        organisation_id=org, audience_id=request.match_info["audience_id"]
    )
    raise await done(request, audiences_page(gone.account_id), f"Audience {gone.name} deleted.")
