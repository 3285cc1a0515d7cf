"""A pending OAuth authorization: single-use, expiring, bound to an organisation."""

from __future__ import annotations

from datetime import datetime, timedelta

import attrs

from domain.secret import Secret

STATE_LIFETIME = timedelta(minutes=10)


@attrs.frozen
class OAuthState:
    state: str
    organisation_id: str
    redirect_uri: str
    return_url: str | None
    created_at: datetime
    expires_at: datetime
    code_verifier: Secret | None = None  # PKCE, desktop/mobile only
    channel_id: str | None = None  # set when reconnecting an existing channel

    @classmethod
    def issue(
        cls,
        *,
        state: str,
        organisation_id: str,
        redirect_uri: str,
        return_url: str | None,
        now: datetime,
        channel_id: str | None = None,
        lifetime: timedelta = STATE_LIFETIME,
    ) -> OAuthState:
        return cls(
            state, organisation_id, redirect_uri, return_url, now, now + lifetime, None, channel_id
        )

    def expired(self, now: datetime) -> bool:
        return now >= self.expires_at
