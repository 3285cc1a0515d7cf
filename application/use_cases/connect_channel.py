"""Start connecting a TikTok account: a single-use state and the authorize URL."""

from __future__ import annotations

from collections.abc import Sequence

import attrs

from application.ports import Clock, IdGenerator, TikTokApi, UnitOfWorkFactory
from domain.channel import DEFAULT_SCOPES
from domain.oauth_state import OAuthState
from domain.return_url import check_return_url


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
        self, *, organisation_id: str, return_url: str | None = None, channel_id: str | None = None
    ) -> ConnectStarted:
        state = OAuthState.issue(
            state=self.ids.new_token(),
            organisation_id=organisation_id,
            redirect_uri=self.redirect_uri,
            return_url=return_url,
            now=self.clock.now(),
            channel_id=channel_id,
        )
        async with self.uow() as uow:
            own = await uow.return_origins.get(organisation_id)
            check_return_url(return_url, {*self.allowed_origins, *own})
            await uow.oauth_states.add(state)
            await uow.commit()
        url = self.tiktok.authorize_url(
            state=state.state, redirect_uri=self.redirect_uri, scopes=self.scopes
        )
        return ConnectStarted(url, state.state, state.expires_at.isoformat())
