"""Custom audiences: hashed here, streamed, never raw anywhere; append, list, lookalike, delete."""

from __future__ import annotations

import hashlib
import logging
from collections.abc import AsyncIterator

import pytest

from domain.ads.audience import IdentifierKind
from domain.errors import RulesViolated
from tests.integration.ads.conftest import ORG, AdsWorld

RAW = [f"User{i}+promo@Example.com" for i in range(300)] + [
    f"stranger{i}@elsewhere.org" for i in range(200)
]


async def blocks(lines: list[str], size: int = 1000) -> AsyncIterator[bytes]:
    data = ("email\n" + "\n".join(lines) + "\n").encode()
    for i in range(0, len(data), size):
        yield data[i : i + size]


class TestAudiences:
    async def test_an_audience_of_hashed_emails_matches_on_tiktok_and_no_raw_id_leaves(
        self, world: AdsWorld, caplog: pytest.LogCaptureFixture
    ) -> None:
        caplog.set_level(logging.DEBUG)
        [account, _] = await world.connect()
        audience = await world.ads.upload_audience(
            organisation_id=ORG, account_id=account.id, kind=IdentifierKind.EMAIL,
            blocks=blocks(RAW), name="Newsletter",
        )  # fmt: skip
        assert (audience.identifiers, audience.rejected) == (500, 0)
        f = world.m.state.files[audience.file_paths[0]]
        assert (f.lines, f.matched, f.calculate_type) == (500, 300, "EMAIL_SHA256")
        assert world.m.state.unhashed_lines_seen == 0
        [view] = await world.ads.audiences(organisation_id=ORG, account_id=account.id)
        assert view.remote is not None and view.remote.audience_id == audience.tiktok_id
        # no raw identifier in our store, TikTok's state, or any log line
        everywhere = repr(world.store) + repr(world.m.state) + caplog.text
        for raw in RAW[::37]:
            local = raw.split("@")[0].split("+")[0].lower()
            assert raw not in everywhere and f"{local}@" not in everywhere

    async def test_appending_adds_a_file_and_a_lookalike_follows_the_source(
        self, world: AdsWorld
    ) -> None:
        [account, _] = await world.connect()
        first = await world.ads.upload_audience(organisation_id=ORG, account_id=account.id,
                                                kind=IdentifierKind.EMAIL, blocks=blocks(RAW[:100]), name="A")  # fmt: skip
        more = await world.ads.upload_audience(organisation_id=ORG, account_id=account.id, kind=IdentifierKind.EMAIL,
                                               blocks=blocks(RAW[100:150]), audience_id=first.id)  # fmt: skip
        assert (more.identifiers, len(more.file_paths)) == (150, 2)
        assert world.m.state.audiences[first.tiktok_id or ""].file_paths == list(more.file_paths)
        look = await world.ads.lookalike(
            organisation_id=ORG, source_id=first.id, name="Like A", location_ids=["6252001"]
        )
        assert world.m.state.audiences[look.tiktok_id or ""].lookalike_of == first.tiktok_id
        await world.ads.delete_audience(organisation_id=ORG, audience_id=first.id)
        assert world.m.state.audiences[first.tiktok_id or ""].deleted
        names = [
            v.audience.name
            for v in await world.ads.audiences(organisation_id=ORG, account_id=account.id)
        ]
        assert names == ["Like A"]

    async def test_the_file_signature_is_the_md5_of_the_hashed_file_sent(
        self, world: AdsWorld
    ) -> None:
        [account, _] = await world.connect()
        audience = await world.ads.upload_audience(organisation_id=ORG, account_id=account.id,
                                                   kind=IdentifierKind.EMAIL, blocks=blocks(["a@b.co"]), name="One")  # fmt: skip
        sent = hashlib.sha256(b"a@b.co").hexdigest().encode() + b"\n"
        assert audience.signatures == (hashlib.md5(sent).hexdigest(),)

    async def test_a_file_with_no_identifier_is_refused_before_anything_is_sent(
        self, world: AdsWorld
    ) -> None:
        [account, _] = await world.connect()
        with pytest.raises(RulesViolated, match="no line"):
            await world.ads.upload_audience(organisation_id=ORG, account_id=account.id, kind=IdentifierKind.EMAIL,
                                            blocks=blocks(["not an email", "_x@y.z"]), name="Bad")  # fmt: skip
        assert world.m.state.files == {}
