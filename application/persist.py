"""Saving one post in a unit of work of its own (the version check guards the write)."""

from __future__ import annotations

from application.ports import UnitOfWorkFactory
from domain.social_post import SocialPost


async def save_post(uow: UnitOfWorkFactory, post: SocialPost) -> SocialPost:
    async with uow() as work:
        saved = await work.posts.save(post)
        await work.commit()
    return saved
