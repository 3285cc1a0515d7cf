"""Start connecting a TikTok account through the Accounts API (``tt_user`` OAuth): a
single-use state and the account holder's authorize URL."""

from __future__ import annotations

from collections.abc import Sequence

import attrs

from application.ports import Clock, IdGenerator, UnitOfWorkFactory
from application.ports.business import BusinessApi
from application.tenancy import channel_in_org
from application.use_cases.connect_channel import ConnectStarted
from domain.oauth_state import OAuthState
from domain.return_url import check_return_url


@attrs.frozen
class ConnectBusinessAccount:
    uow: UnitOfWorkFactory
    business: BusinessApi
    clock: Clock
    ids: IdGenerator
    redirect_uri: str
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
            if channel_id is not None:  # attach to this channel: it must be ours
                await channel_in_org(uow, channel_id, organisation_id)
            own = await uow.return_origins.get(organisation_id)
            check_return_url(return_url, {*self.allowed_origins, *own})
            await uow.oauth_states.add(state)
            await uow.commit()
        url = self.business.authorize_url(state=state.state, redirect_uri=self.redirect_uri)
        return ConnectStarted(url, state.state, state.expires_at.isoformat())
