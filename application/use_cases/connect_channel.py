"""Start connecting a TikTok account: a single-use state and the authorize URL."""

from __future__ import annotations

from collections.abc import Sequence

import attrs

from application.ports import Clock, IdGenerator, TikTokApi, UnitOfWorkFactory
from domain.channel import DEFAULT_SCOPES
from domain.errors import raise_if_any
from domain.oauth_state import OAuthState
from domain.return_url import check_return_url, redirect_uri_violations


@attrs.frozen
class ConnectStarted:
    authorize_url: str
    state: str
    expires_at: str


@attrs.frozen
class ConnectChannel:
    uow: UnitOfWorkFactory
    tiktok: TikTokApi
    clock: Clock
    ids: IdGenerator
    redirect_uri: str
    scopes: Sequence[str] = DEFAULT_SCOPES
    allowed_origins: Sequence[str] = ()  # configured for every organisation

    async def __call__(
        self,
        *,
        organisation_id: str,
        return_url: str | None = None,
        channel_id: str | None = None,
        redirect_uri: str | None = None,
    ) -> ConnectStarted:
        """``redirect_uri``: another app's page that receives TikTok's redirect and then
        exchanges the code with ``POST /v1/channels/exchange``; none: our own callback."""
        state = OAuthState.issue(
            state=self.ids.new_token(),
            organisation_id=organisation_id,
            redirect_uri=redirect_uri or self.redirect_uri,
            return_url=return_url,
            now=self.clock.now(),
            channel_id=channel_id,
        )
        async with self.uow() as uow:
            own = await uow.return_origins.get(organisation_id)
            allowed = {*self.allowed_origins, *own}
            check_return_url(return_url, allowed)
            if redirect_uri is not None:
                raise_if_any(redirect_uri_violations(redirect_uri, allowed))
            await uow.oauth_states.add(state)
            await uow.commit()
        url = self.tiktok.authorize_url(
            state=state.state, redirect_uri=state.redirect_uri, scopes=self.scopes
        )
        return ConnectStarted(url, state.state, state.expires_at.isoformat())
