"""Finish an Accounts API connection: take the state once, exchange the code, read the
account, and attach the connection to a channel (the one named at connect time, the
organisation's channel of the same username, or a new channel)."""

from __future__ import annotations

from datetime import timedelta

import attrs

from application.ports import Clock, IdGenerator, UnitOfWork, UnitOfWorkFactory
from application.ports.business import BusinessAccount, BusinessApi
from application.tenancy import channel_in_org
from application.use_cases.complete_oauth import spend_oauth_state
from domain.business_connection import BusinessConnection
from domain.channel import Channel, ChannelStatus, TokenSet
from domain.oauth_state import OAuthState
from domain.secret import Secret


@attrs.frozen
class BusinessConnected:
    channel: Channel
    connection: BusinessConnection
    return_url: str | None
    created: bool  # a new channel was made for the account


@attrs.frozen
class CompleteBusinessOAuth:
    uow: UnitOfWorkFactory
    business: BusinessApi
    clock: Clock
    ids: IdGenerator

    async def __call__(
        self, *, state: str, code: str | None, error: str | None = None, error_description: str = ""
    ) -> BusinessConnected:
        now = self.clock.now()
        pending, code = await spend_oauth_state(
            self.uow,
            state=state,
            code=code,
            error=error,
            error_description=error_description,
            now=now,
        )
        grant = await self.business.exchange_code(code=code, redirect_uri=pending.redirect_uri)
        tokens = grant.token_set(now)
        yesterday = (now - timedelta(days=1)).date()
        account = await self.business.account(
            Secret(grant.access_token), business_id=grant.open_id, start=yesterday, end=yesterday
        )
        async with self.uow() as uow:
            result = await self._attach(uow, pending, grant.open_id, tokens, account)
            await uow.commit()
        return result

    async def _attach(
        self,
        uow: UnitOfWork,
        pending: OAuthState,
        business_id: str,
        tokens: TokenSet,
        account: BusinessAccount,
    ) -> BusinessConnected:
        now, org = self.clock.now(), pending.organisation_id
        known = [
            c
            for c in await uow.business_connections.with_business_id(business_id)
            if c.organisation_id == org
        ]
        channel, created = await self._channel(uow, pending, known, account)
        existing = await uow.business_connections.for_channel(channel.id)
        if existing is not None and existing.business_id == business_id:
            connection = existing.reconnect(tokens=tokens, now=now)
            connection = await uow.business_connections.save(_profiled(connection, account))
        else:
            if existing is not None:  # another account was attached: this one replaces it
                await uow.business_connections.save(existing.disconnect(now=now))
            connection = await uow.business_connections.add(
                _profiled(
                    BusinessConnection.connect(
                        connection_id=self.ids.new_id(),
                        organisation_id=org,
                        channel_id=channel.id,
                        business_id=business_id,
                        tokens=tokens,
                        now=now,
                    ),
                    account,
                )
            )
        return BusinessConnected(channel, connection, pending.return_url, created)

    async def _channel(
        self,
        uow: UnitOfWork,
        pending: OAuthState,
        known: list[BusinessConnection],
        account: BusinessAccount,
    ) -> tuple[Channel, bool]:
        org = pending.organisation_id
        if pending.channel_id is not None:
            return await channel_in_org(uow, pending.channel_id, org), False
        if known:
            return await uow.channels.get(known[0].channel_id), False
        same = [
            c
            for c in await uow.channels.list(org)
            if account.username and c.username == account.username
        ]
        if same:
            return same[0], False
        now = self.clock.now()
        channel = Channel(  # an account connected through the Accounts API only
            self.ids.new_id(),
            org,
            account.business_id,
            account.display_name or account.username,
            ChannelStatus.CONNECTED,
            None,
            now,
            account.username,
            account.avatar_url,
            status_changed_at=now,
        )
        return await uow.channels.add(channel), True


def _profiled(connection: BusinessConnection, account: BusinessAccount) -> BusinessConnection:
    return connection.with_profile(
        username=account.username,
        display_name=account.display_name,
        is_business_account=account.is_business_account,
        followers_count=account.followers_count,
    )
