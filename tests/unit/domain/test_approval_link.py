"""Client approval links (ADR 0025): a token names one post of one organisation until it
expires; an altered token, another key's token or an old one is refused."""

from __future__ import annotations

from datetime import timedelta

import pytest

from domain.approval_link import APPROVAL_LINK_LIFETIME, ApprovalGrant, ApprovalLinkRefused
from tests.builders import T0

KEY = b"k" * 32


def test_a_token_carries_its_grant_until_it_expires() -> None:
    grant = ApprovalGrant.issue(post_id="p1", organisation_id="org-a", now=T0)
    token = grant.token(KEY)
    assert ApprovalGrant.from_token(token, key=KEY, now=T0 + timedelta(days=6)) == grant
    assert grant.expires_at == T0 + APPROVAL_LINK_LIFETIME
    with pytest.raises(ApprovalLinkRefused, match="expired") as caught:
        ApprovalGrant.from_token(token, key=KEY, now=T0 + APPROVAL_LINK_LIFETIME)
    assert caught.value.expired


@pytest.mark.parametrize(
    "change",
    [
        lambda t: t[:-2] + ("AA" if not t.endswith("AA") else "BB"),  # signature changed
        lambda t: "x" + t,  # body changed
        lambda t: t.split(".")[0],  # signature cut off
        lambda t: "",
        lambda t: "a.b.c",
        lambda t: t + "=" * 700,
    ],
)
def test_an_altered_token_is_refused(change: object) -> None:
    token = ApprovalGrant.issue(post_id="p1", organisation_id="org-a", now=T0).token(KEY)
    with pytest.raises(ApprovalLinkRefused, match="not valid") as caught:
        ApprovalGrant.from_token(change(token), key=KEY, now=T0)  # type: ignore[operator]
    assert not caught.value.expired


def test_another_keys_token_and_another_post_are_refused() -> None:
    grant = ApprovalGrant.issue(post_id="p1", organisation_id="org-a", now=T0)
    with pytest.raises(ApprovalLinkRefused):
        ApprovalGrant.from_token(grant.token(b"o" * 32), key=KEY, now=T0)
    _, signature = grant.token(KEY).split(".")
    other = ApprovalGrant.issue(post_id="p2", organisation_id="org-a", now=T0).token(KEY)
    with pytest.raises(ApprovalLinkRefused):
        ApprovalGrant.from_token(f"{other.split('.')[0]}.{signature}", key=KEY, now=T0)
