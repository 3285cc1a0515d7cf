"""Channel lifecycle: connect, rotate tokens, expire, disconnect; secrets stay hidden."""

from __future__ import annotations

from datetime import timedelta

import pytest

from domain.channel import ChannelStatus, ChannelUnusable
from domain.errors import InvalidTransition
from domain.oauth_state import OAuthState
from domain.secret import Secret
from tests.builders import LATER, T0, channel, tokens


def test_connect_keeps_expiries_from_tiktoks_seconds() -> None:
    c = channel()
    assert c.status is ChannelStatus.CONNECTED
    assert c.tokens is not None
    assert c.tokens.access_expires_at == T0 + timedelta(seconds=86_400)
    assert c.missing_scopes == frozenset()


def test_rotate_keeps_the_newest_refresh_token() -> None:
    c = channel().rotate_tokens(tokens=tokens(LATER, n=2), now=LATER)
    assert c.tokens is not None and c.tokens.refresh_token.reveal() == "rft.2"
    assert c.last_refreshed_at == LATER


def test_needs_refresh_inside_the_margin() -> None:
    c = channel()
    expiry = T0 + timedelta(days=1)
    assert not c.needs_refresh(now=expiry - timedelta(minutes=16), margin=timedelta(minutes=15))
    assert c.needs_refresh(now=expiry - timedelta(minutes=15), margin=timedelta(minutes=15))


def test_expire_then_reconnect() -> None:
    expired = channel().expire(reason="invalid_grant", now=LATER)
    assert expired.status is ChannelStatus.EXPIRED and expired.status_reason == "invalid_grant"
    assert expired.expire(reason="again", now=LATER) == expired
    with pytest.raises(ChannelUnusable, match="expired"):
        expired.access_token()
    with pytest.raises(InvalidTransition):
        expired.rotate_tokens(tokens=tokens(LATER), now=LATER)
    back = expired.reconnect(tokens=tokens(LATER, n=3), display_name="New", now=LATER)
    assert back.status is ChannelStatus.CONNECTED and back.access_token().reveal() == "act.3"


def test_disconnect_drops_the_tokens() -> None:
    gone = channel().disconnect(now=LATER)
    assert gone.status is ChannelStatus.DISCONNECTED and gone.tokens is None
    with pytest.raises(InvalidTransition):
        gone.expire(reason="x", now=LATER)


def test_secrets_never_show_in_reprs() -> None:
    c = channel()
    assert "act.1" not in repr(c) and "rft.1" not in repr(c) and "act.1" not in str(c)
    assert repr(Secret("hunter2")) == "Secret('***')" and f"{Secret('hunter2')}" == "Secret('***')"


def test_oauth_state_expires() -> None:
    state = OAuthState.issue(
        state="s", organisation_id="o", redirect_uri="https://x/cb", return_url=None, now=T0
    )
    assert not state.expired(T0 + timedelta(minutes=9))
    assert state.expired(state.expires_at)
