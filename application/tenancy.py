"""Loading records on behalf of one organisation: another's records do not exist."""

from __future__ import annotations

from application.errors import NotFound
from application.ports import UnitOfWork
from domain.channel import Channel
from domain.social_post import SocialPost


async def post_in_org(uow: UnitOfWork, post_id: str, organisation_id: str) -> SocialPost:
    post = await uow.posts.get(post_id)
    if post.organisation_id != organisation_id:
        raise NotFound("post", post_id)
    return post


async def channel_scoped(uow: UnitOfWork, channel_id: str, organisation_id: str | None) -> Channel:
    """A worker (no organisation) sees every channel; a caller only its own."""
    if organisation_id is None:
        return await uow.channels.get(channel_id)
    return await channel_in_org(uow, channel_id, organisation_id)


async def channel_in_org(uow: UnitOfWork, channel_id: str, organisation_id: str) -> Channel:
    channel = await uow.channels.get(channel_id)
    if channel.organisation_id != organisation_id:
        raise NotFound("channel", channel_id)
    return channel
