"""Finish connecting: take the state once, exchange the code, store the channel."""

from __future__ import annotations

from datetime import datetime

import attrs

from application.errors import InvalidOAuthState, TikTokApiError
from application.ports import Clock, IdGenerator, TikTokApi, UnitOfWorkFactory
from domain.channel import Channel
from domain.oauth_state import OAuthState
from domain.secret import Secret
from domain.tiktok_errors import Category, ErrorSource, TikTokError, classify, spec_for

DETAIL_MAX = 300


def oauth_refusal(error: str | None, description: str) -> TikTokError:
    """The error TikTok's redirect named, as one of the taxonomy's OAuth codes (anything
    else is ``unknown_oauth_error``): a caller's query string never becomes a code."""
    code = error or "invalid_request"
    if spec_for(ErrorSource.OAUTH, code).category is Category.UNKNOWN:
        description = f"TikTok sent the unknown error {code[:60]!r}. {description}"
        code = "unknown_oauth_error"
    return classify(ErrorSource.OAUTH, code, detail=description[:DETAIL_MAX])


async def spend_oauth_state(
    uow_factory: UnitOfWorkFactory,
    *,
    state: str,
    code: str | None,
    error: str | None,
    error_description: str,
    now: datetime,
    organisation_id: str | None = None,
) -> tuple[OAuthState, str]:
    """Take the state once (spent whatever happens next) and the code TikTok sent, or raise
    why the callback cannot go on (unknown, used or expired state; TikTok's refusal).
    ``organisation_id``: the caller of an exchange through the API; another organisation's
    state is unknown to it, and stays unspent."""
    async with uow_factory() as uow:
        pending = await uow.oauth_states.take(state)
        if pending is not None and organisation_id not in (None, pending.organisation_id):
            pending = None  # not committed: the state stays its owner's
        else:
            await uow.commit()
    if pending is None:
        raise InvalidOAuthState("unknown or already used OAuth state")
    if pending.expired(now):
        raise InvalidOAuthState("the OAuth state has expired; start connecting again")
    if error or not code:
        raise TikTokApiError(oauth_refusal(error, error_description))
    return pending, code


@attrs.frozen
class OAuthCompleted:
    channel: Channel
    return_url: str | None
    created: bool


@attrs.frozen
class CompleteOAuth:
    uow: UnitOfWorkFactory
    tiktok: TikTokApi
    clock: Clock
    ids: IdGenerator

    async def __call__(
        self,
        *,
        state: str,
        code: str | None,
        error: str | None = None,
        error_description: str = "",
        organisation_id: str | None = None,
    ) -> OAuthCompleted:
        """``organisation_id``: the caller of an exchange through the API; another
        organisation's state is unknown to it (and stays unspent)."""
        now = self.clock.now()
        pending, code = await spend_oauth_state(
            self.uow,
            state=state,
            code=code,
            error=error,
            error_description=error_description,
            now=now,
            organisation_id=organisation_id,
        )
        grant = await self.tiktok.exchange_code(
            code=code,
            redirect_uri=pending.redirect_uri,
            code_verifier=pending.code_verifier.reveal() if pending.code_verifier else None,
        )
        tokens = grant.token_set(now)
        profile = await self.tiktok.user_info(Secret(grant.access_token), scopes=tokens.scopes)
        async with self.uow() as uow:
            existing = await uow.channels.find_by_open_id(pending.organisation_id, grant.open_id)
            if existing is not None:
                channel = await uow.channels.save(
                    existing.reconnect(
                        tokens=tokens,
                        display_name=profile.display_name or existing.display_name,
                        now=now,
                    )
                )
            else:
                channel = await uow.channels.add(
                    Channel.connect(
                        channel_id=self.ids.new_id(),
                        organisation_id=pending.organisation_id,
                        open_id=grant.open_id,
                        display_name=profile.display_name,
                        tokens=tokens,
                        now=now,
                        username=profile.username or "",
                        avatar_url=profile.avatar_url or "",
                    )
                )
            await uow.commit()
        return OAuthCompleted(channel, pending.return_url, existing is None)
